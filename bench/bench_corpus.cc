#include "bench/bench_corpus.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace sagasu::bench {

namespace fs = std::filesystem;

fs::path SharedDir(const char* compiled_default) {
  const char* env = std::getenv("SAGASU_SHARED_DIR");
  return env && *env ? fs::path(env) : fs::path(compiled_default);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

namespace {

// Takes the next line (without '\n' / '\r') from `s` at *pos.
std::string_view NextLine(std::string_view s, std::size_t* pos) {
  if (*pos >= s.size()) return {};
  std::size_t end = s.find('\n', *pos);
  if (end == std::string_view::npos) end = s.size();
  std::string_view line = s.substr(*pos, end - *pos);
  *pos = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::vector<Article> LoadLdcc(const fs::path& ldcc_dir, std::size_t max_articles) {
  std::error_code ec;
  std::map<std::string, std::vector<fs::path>> by_category;
  if (!fs::is_directory(ldcc_dir, ec)) return {};
  for (const auto& cat : fs::directory_iterator(ldcc_dir, ec)) {
    if (!cat.is_directory()) continue;
    auto& files = by_category[cat.path().filename().string()];
    for (const auto& e : fs::directory_iterator(cat.path(), ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && e.path().extension() == ".txt" && name != "LICENSE.txt" && name != "README.txt" &&
          name != "CHANGES.txt") {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
  }
  // Order of reading: round-robin over categories, so any prefix is mixed.
  std::vector<std::pair<std::string, fs::path>> order;
  for (std::size_t i = 0;; ++i) {
    bool any = false;
    for (const auto& [cat, files] : by_category) {
      if (i < files.size()) {
        order.emplace_back(cat, files[i]);
        any = true;
      }
    }
    if (!any) break;
  }
  if (max_articles > 0 && order.size() > max_articles) order.resize(max_articles);
  std::vector<Article> out;
  out.reserve(order.size());
  for (const auto& [cat, path] : order) {
    const std::string text = ReadFile(path);
    std::size_t pos = 0;
    Article a;
    a.id = path.stem().string();
    a.category = cat;
    a.url = std::string(NextLine(text, &pos));
    a.date = std::string(NextLine(text, &pos));
    a.title = std::string(NextLine(text, &pos));
    a.body = pos < text.size() ? text.substr(pos) : std::string();
    while (!a.body.empty() && (a.body.back() == '\n' || a.body.back() == '\r' || a.body.back() == ' ')) a.body.pop_back();
    out.push_back(std::move(a));
  }
  // Sorted by category then id: the archive layout does not depend on max_articles' sampling.
  std::sort(out.begin(), out.end(),
            [](const Article& x, const Article& y) { return std::tie(x.category, x.id) < std::tie(y.category, y.id); });
  return out;
}

std::vector<Article> LoadJsonl(const fs::path& file) {
  std::vector<Article> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Article a;
    if (j.contains("id")) a.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    a.title = j.value("title", "");
    a.body = j.value("body", "");
    a.url = j.value("url", "");
    if (j.contains("date") && j["date"].is_string()) a.date = j["date"].get<std::string>();
    for (const char* key : {"tags", "categories", "category"}) {
      if (!a.category.empty() || !j.contains(key)) continue;
      const auto& v = j[key];
      if (v.is_string()) a.category = v.get<std::string>();
      if (v.is_array() && !v.empty() && v[0].is_string()) a.category = v[0].get<std::string>();
    }
    out.push_back(std::move(a));
  }
  return out;
}

bool LoadJsquad(const fs::path& file, std::vector<SquadParagraph>* paragraphs, std::vector<SquadQuestion>* questions) {
  std::ifstream in(file);
  if (!in) return false;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) return false;
  std::unordered_map<std::string, std::size_t> by_context;
  for (const auto& article : j["data"]) {
    for (const auto& p : article.value("paragraphs", nlohmann::json::array())) {
      const std::string context = p.value("context", "");
      auto [it, fresh] = by_context.emplace(context, paragraphs->size());
      if (fresh) {
        SquadParagraph para;
        para.context = context;
        const std::size_t sep = context.find(" [SEP] ");
        if (sep == std::string::npos) {
          para.body = context;
        } else {
          para.title = context.substr(0, sep);
          para.body = context.substr(sep + 7);
        }
        paragraphs->push_back(std::move(para));
      }
      for (const auto& q : p.value("qas", nlohmann::json::array())) {
        questions->push_back(SquadQuestion{q.value("id", ""), q.value("question", ""), it->second});
      }
    }
  }
  return true;
}

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::size_t b = 0;
    while (b < cur.size() && (cur[b] == ' ' || cur[b] == '\t')) ++b;
    if (b < cur.size()) out.push_back(cur.substr(b));
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      flush();
      continue;
    }
    cur.push_back(c);
    // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F
    if (cur.size() >= 3) {
      const auto* e = reinterpret_cast<const unsigned char*>(cur.data() + cur.size() - 3);
      if ((e[0] == 0xE3 && e[1] == 0x80 && e[2] == 0x82) || (e[0] == 0xEF && e[1] == 0xBC && (e[2] == 0x81 || e[2] == 0x9F))) {
        flush();
      }
    }
  }
  flush();
  return out;
}

fs::path MakeTempDir(const std::string& tag) {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/bench-" + tag + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return {};
  return fs::path(buf.data());
}

std::uint64_t DirectoryBytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code file_ec;  // a file removed since the listing: skipped, the walk goes on
    if (!it->is_regular_file(file_ec)) continue;
    const std::uintmax_t size = it->file_size(file_ec);
    if (!file_ec) total += size;
  }
  return total;
}

std::string YamlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

ChildRun RunChild(const std::vector<std::string>& argv, const std::string& stderr_path) {
  ChildRun r;
  int pipefd[2];
  if (pipe(pipefd) != 0) return r;
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    close(pipefd[1]);
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    if (!stderr_path.empty()) {
      const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (err >= 0) dup2(err, 2);
    }
    execv(cargv[0], cargv.data());
    std::fprintf(stderr, "bench: cannot run %s: %s\n", cargv[0], std::strerror(errno));
    _exit(127);
  }
  close(pipefd[1]);
  // VmHWM is the peak of the child's own address space (a new one since its
  // exec); it is gone once the child exits, so it is sampled while it runs.
  const std::string status_path = "/proc/" + std::to_string(pid) + "/status";
  auto sample_hwm = [&] {
    std::ifstream in(status_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("VmHWM:", 0) == 0) {
        r.max_rss_kib = std::max(r.max_rss_kib, std::strtol(line.c_str() + 6, nullptr, 10));
        break;
      }
    }
  };
  char buf[1 << 16];
  for (;;) {
    pollfd pfd{pipefd[0], POLLIN, 0};
    const int ready = poll(&pfd, 1, 20);
    sample_hwm();
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    const ssize_t n = read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.out.append(buf, static_cast<std::size_t>(n));
  }
  close(pipefd[0]);
  int status = 0;
  struct rusage ru {};
  while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.user_seconds = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6;
  r.system_seconds = static_cast<double>(ru.ru_stime.tv_sec) + ru.ru_stime.tv_usec / 1e6;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(v.size()));
  const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return v[std::min(i, v.size() - 1)];
}

RankMetrics MetricsOfRanks(const std::vector<std::size_t>& ranks) {
  RankMetrics m;
  m.n = ranks.size();
  for (std::size_t r : ranks) {
    if (r == 0) continue;
    if (r <= 10) m.mrr10 += 1.0 / static_cast<double>(r);
    m.r1 += r <= 1;
    m.r10 += r <= 10;
    m.r100 += r <= 100;
  }
  if (m.n > 0) {
    const double n = static_cast<double>(m.n);
    m.mrr10 /= n, m.r1 /= n, m.r10 /= n, m.r100 /= n;
  }
  return m;
}

}  // namespace sagasu::bench
