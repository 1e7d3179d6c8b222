// CostGrowsLinearly: checks that a piece of work costs time about linear in
// its input (defined in test_util.cc).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <functional>

namespace sagasu::testing {

// Whether `run(n)` costs about linear time in n: run(4n) must cost less
// than 10 times run(n). Each is timed over as many repetitions as make the
// one at n take about 20 ms, best of 3. Only the ratio is judged, never a
// time, so a slow or busy machine passes, while a quadratic cost (16 times)
// fails. Keep n small (tens of KB): the test stays fast and in cache.
::testing::AssertionResult CostGrowsLinearly(const std::function<void(std::size_t)>& run, std::size_t n);

}  // namespace sagasu::testing
