// SPDX-License-Identifier: Apache-2.0
#include "common/places.hpp"

#include "common/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace elig {
namespace {

struct Place {
  const char* ja;
  const char* en;
};

// 全国地方公共団体コード order (01 北海道 … 47 沖縄県).
const Place kPrefectures[] = {
    {"北海道", "Hokkaido"}, {"青森県", "Aomori"},     {"岩手県", "Iwate"},       {"宮城県", "Miyagi"},
    {"秋田県", "Akita"},    {"山形県", "Yamagata"},   {"福島県", "Fukushima"},   {"茨城県", "Ibaraki"},
    {"栃木県", "Tochigi"},  {"群馬県", "Gunma"},      {"埼玉県", "Saitama"},     {"千葉県", "Chiba"},
    {"東京都", "Tokyo"},    {"神奈川県", "Kanagawa"}, {"新潟県", "Niigata"},     {"富山県", "Toyama"},
    {"石川県", "Ishikawa"}, {"福井県", "Fukui"},      {"山梨県", "Yamanashi"},   {"長野県", "Nagano"},
    {"岐阜県", "Gifu"},     {"静岡県", "Shizuoka"},   {"愛知県", "Aichi"},       {"三重県", "Mie"},
    {"滋賀県", "Shiga"},    {"京都府", "Kyoto"},      {"大阪府", "Osaka"},       {"兵庫県", "Hyogo"},
    {"奈良県", "Nara"},     {"和歌山県", "Wakayama"}, {"鳥取県", "Tottori"},     {"島根県", "Shimane"},
    {"岡山県", "Okayama"},  {"広島県", "Hiroshima"},  {"山口県", "Yamaguchi"},   {"徳島県", "Tokushima"},
    {"香川県", "Kagawa"},   {"愛媛県", "Ehime"},      {"高知県", "Kochi"},       {"福岡県", "Fukuoka"},
    {"佐賀県", "Saga"},     {"長崎県", "Nagasaki"},   {"熊本県", "Kumamoto"},    {"大分県", "Oita"},
    {"宮崎県", "Miyazaki"}, {"鹿児島県", "Kagoshima"}, {"沖縄県", "Okinawa"},
};

// Gunma's municipalities in 全国地方公共団体コード order: 12 cities (市), then the towns (町)
// and villages (村) of each district (郡) — 15 towns and 8 villages.
const Place kGunmaMunicipalities[] = {
    {"前橋市", "Maebashi City"},        {"高崎市", "Takasaki City"},        {"桐生市", "Kiryu City"},
    {"伊勢崎市", "Isesaki City"},       {"太田市", "Ota City"},             {"沼田市", "Numata City"},
    {"館林市", "Tatebayashi City"},     {"渋川市", "Shibukawa City"},       {"藤岡市", "Fujioka City"},
    {"富岡市", "Tomioka City"},         {"安中市", "Annaka City"},          {"みどり市", "Midori City"},
    {"榛東村", "Shinto Village"},       {"吉岡町", "Yoshioka Town"},        // 北群馬郡
    {"上野村", "Ueno Village"},         {"神流町", "Kanna Town"},           // 多野郡
    {"下仁田町", "Shimonita Town"},     {"南牧村", "Nanmoku Village"},      {"甘楽町", "Kanra Town"},  // 甘楽郡
    {"中之条町", "Nakanojo Town"},      {"長野原町", "Naganohara Town"},    {"嬬恋村", "Tsumagoi Village"},
    {"草津町", "Kusatsu Town"},         {"高山村", "Takayama Village"},     {"東吾妻町", "Higashiagatsuma Town"},  // 吾妻郡
    {"片品村", "Katashina Village"},    {"川場村", "Kawaba Village"},       {"昭和村", "Showa Village"},
    {"みなかみ町", "Minakami Town"},    // 利根郡
    {"玉村町", "Tamamura Town"},        // 佐波郡
    {"板倉町", "Itakura Town"},         {"明和町", "Meiwa Town"},           {"千代田町", "Chiyoda Town"},
    {"大泉町", "Oizumi Town"},          {"邑楽町", "Ora Town"},             // 邑楽郡
    {"群馬県外", "Outside Gunma"},      // every municipality of the other 46 prefectures
};
constexpr std::string_view kOutsideGunma = "群馬県外";

template <size_t N>
std::shared_ptr<const EnumDef> Build(const Place (&places)[N], EnumKind kind) {
  auto def = std::make_shared<EnumDef>();
  def->kind = kind;
  for (const Place& p : places) {
    def->values.emplace_back(p.ja);
    def->labels.push_back(LocalText{p.ja, p.en});
  }
  return def;
}

// The name without its 都/府/県 (prefectures) or 市/町/村 (municipalities); 北海道 keeps its name.
std::string_view Stem(std::string_view name, EnumKind kind) {
  static const std::string_view kPrefSuffixes[] = {"都", "府", "県"};
  static const std::string_view kMuniSuffixes[] = {"市", "町", "村"};
  if (kind == EnumKind::kPrefecture) {
    for (auto s : kPrefSuffixes)
      if (name.ends_with(s) && name.size() > s.size()) return name.substr(0, name.size() - s.size());
  } else {
    for (auto s : kMuniSuffixes)
      if (name.ends_with(s) && name.size() > s.size()) return name.substr(0, name.size() - s.size());
  }
  return name;
}

std::string Lower(std::string_view s) { return utf8::AsciiLower(s); }

// An English answer without the words that only say what kind of place it is.
std::string EnglishCore(std::string_view text) {
  std::string s = Lower(text);
  for (std::string_view suffix : {" prefecture", "-ken", " ken", "-to", "-fu", " city", "-shi", " shi", " town",
                                  "-machi", "-cho", " village", "-mura", "-son"}) {
    if (s.ends_with(suffix) && s.size() > suffix.size()) {
      s.resize(s.size() - suffix.size());
      break;
    }
  }
  return s;
}

}  // namespace

std::shared_ptr<const EnumDef> PrefectureEnum() {
  static const std::shared_ptr<const EnumDef> def = Build(kPrefectures, EnumKind::kPrefecture);
  return def;
}

std::shared_ptr<const EnumDef> MunicipalityEnum() {
  static const std::shared_ptr<const EnumDef> def = Build(kGunmaMunicipalities, EnumKind::kMunicipality);
  return def;
}

int FindPlace(const EnumDef& def, std::string_view text) {
  if (text.empty() || text.size() > 256) return -1;
  if (int i = def.IndexOf(text); i >= 0) return i;
  if (def.kind == EnumKind::kMunicipality) {
    // 埼玉県さいたま市, 東京都渋谷区: a place in another prefecture, named with its prefecture.
    for (const Place& p : kPrefectures) {
      std::string_view pref = p.ja;
      if (pref != "群馬県" && text.size() > pref.size() && text.substr(0, pref.size()) == pref)
        return def.IndexOf(kOutsideGunma);
    }
    // 群馬県高崎市, 群馬県北群馬郡吉岡町, 北群馬郡吉岡町: the prefecture and the district go.
    if (text.substr(0, std::string_view("群馬県").size()) == "群馬県") text.remove_prefix(std::string_view("群馬県").size());
    if (auto gun = text.rfind("郡"); gun != std::string_view::npos) text.remove_prefix(gun + std::string_view("郡").size());
    if (int i = def.IndexOf(text); i >= 0) return i;
  }
  std::string english = EnglishCore(text);
  for (size_t i = 0; i < def.values.size(); ++i) {
    std::string_view value = def.values[i];
    if (Stem(value, def.kind) == text) return static_cast<int>(i);
    if (i < def.labels.size() && !def.labels[i].en.empty() && EnglishCore(def.labels[i].en) == english)
      return static_cast<int>(i);
  }
  return -1;
}

std::string SuggestPlace(const EnumDef& def, std::string_view text) {
  if (text.empty() || text.size() > 256) return "";
  std::string english = EnglishCore(text);
  size_t limit = utf8::CodePoints(text) <= 3 ? 1 : 2;
  size_t best_d = limit + 1;
  std::string best;
  for (size_t i = 0; i < def.values.size(); ++i) {
    const std::string& value = def.values[i];
    if (value == kOutsideGunma) continue;
    size_t d = std::min(utf8::EditDistance(text, value), utf8::EditDistance(text, Stem(value, def.kind)));
    if (i < def.labels.size() && !def.labels[i].en.empty())
      d = std::min(d, utf8::EditDistance(english, EnglishCore(def.labels[i].en)));
    if (d < best_d) {
      best_d = d;
      best = value;
    }
  }
  return best;
}

}  // namespace elig
