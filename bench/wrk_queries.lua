-- wrk script for `sagasu serve`: rotates through realistic search-page
-- requests (/search?q=...&size=10, with snippets and facets).
--
--   wrk -t2 -c8 -d10s --latency -s bench/wrk_queries.lua http://127.0.0.1:18080 -- keyword
--   wrk -t2 -c8 -d10s --latency -s bench/wrk_queries.lua http://127.0.0.1:18080 -- question
--
-- keyword: one to three nouns, as typed into a search box.
-- question: a natural-language question, as typed by people who do not
-- know search syntax (more terms, so more postings to merge).
-- The queries fit the livedoor news corpus (bench/ldcc_to_jsonl.py).

local sets = {
  keyword = {
    "iPhone", "映画 公開", "結婚 女性", "サッカー 日本代表", "Android アプリ",
    "スマートフォン", "ダイエット", "プロ野球", "恋愛 男性", "テレビ 番組",
    "独身 仕事", "韓国 ドラマ", "ゲーム", "カメラ", "ワールドカップ", "美容",
  },
  question = {
    "iPhoneで使える便利なアプリは何ですか",
    "サッカー日本代表の次の試合はいつですか",
    "独身女性が結婚しない理由は何か",
    "今年公開されたおすすめの映画はどれですか",
    "スマートフォンのバッテリーを長持ちさせる方法は",
    "冬に肌が乾燥するのはなぜですか",
    "プロ野球で一番人気のある球団はどこか",
    "テレビ番組を録画するのに必要な機器は何ですか",
  },
}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
local counter = 0

function init(args)
  local mode = args[1] or "keyword"
  local queries = sets[mode]
  if not queries then
    error("unknown query set '" .. mode .. "' (keyword or question)")
  end
  for i, q in ipairs(queries) do
    paths[i] = "/search?q=" .. urlencode(q) .. "&size=10"
  end
  -- Threads start at different places in the list.
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("non-200: " .. status .. " " .. body .. "\n") end
  end
end
