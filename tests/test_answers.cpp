// SPDX-License-Identifier: Apache-2.0
// Everyday answers (common/answer.hpp): what each reads as, or the message it gets in ja and en.
#include <catch2/catch.hpp>

#include "common/answer.hpp"
#include "common/places.hpp"
#include "compile/ruleset.hpp"
#include "eval/input.hpp"

using namespace elig;

namespace {

std::shared_ptr<const EnumDef> LegalForms() {
  auto def = std::make_shared<EnumDef>();
  def->values = {"株式会社", "合同会社", "特例有限会社", "個人事業主", "NPO法人", "一般社団法人", "その他"};
  return def;
}

std::shared_ptr<const EnumDef> Industries() {
  auto def = std::make_shared<EnumDef>();
  def->values = {"manufacturing", "wholesale", "retail", "rubber_products"};
  def->labels = {{"製造業", "Manufacturing"}, {"卸売業", "Wholesale"}, {"小売業", "Retail"},
                 {"ゴム製品製造業", "Rubber products"}};
  return def;
}

// What a value reads as, for the table.
std::string Shown(const Value& v, const EnumDef* def) {
  switch (v.kind) {
    case VKind::kBool: return v.b ? "true" : "false";
    case VKind::kNumber: return v.num.ToString();
    case VKind::kDate: return FormatDate(Date{v.i});
    case VKind::kEnum: return def ? def->values[static_cast<size_t>(v.i)] : "?";
    default: return "?";
  }
}

struct Row {
  BaseType type;
  const char* choices;  // "legal", "industry", "prefecture", "municipality" or ""
  const char* input;
  const char* expect;   // the value, or "!" + part of the English refusal
  const char* ja;       // part of the Japanese refusal (refusals only)
};

const Row kRows[] = {
    // amounts
    {BaseType::kYen, "", "35万円", "350000", ""},
    {BaseType::kYen, "", "1,000万円", "10000000", ""},
    {BaseType::kYen, "", "1億2千万円", "120000000", ""},
    {BaseType::kYen, "", "¥350,000", "350000", ""},
    {BaseType::kYen, "", "￥３５０，０００", "350000", ""},
    {BaseType::kYen, "", "３５万円", "350000", ""},
    {BaseType::kYen, "", "35万", "350000", ""},
    {BaseType::kYen, "", "3.5万円", "35000", ""},
    {BaseType::kYen, "", "1万5000円", "15000", ""},
    {BaseType::kYen, "", "2千500万円", "25000000", ""},
    {BaseType::kYen, "", "三十五万円", "350000", ""},
    {BaseType::kYen, "", "千五百円", "1500", ""},
    {BaseType::kYen, "", "1億円", "100000000", ""},
    {BaseType::kYen, "", "3億5000万円", "350000000", ""},
    {BaseType::kYen, "", "1兆円", "1000000000000", ""},
    {BaseType::kYen, "", "350000 yen", "350000", ""},
    {BaseType::kYen, "", " 35 万 円 ", "350000", ""},
    {BaseType::kYen, "", "1,500,000円", "1500000", ""},
    {BaseType::kYen, "", "1,0000円", "!a comma only separates thousands", "コンマは3桁ごと"},
    {BaseType::kYen, "", "10,00円", "!a comma only separates thousands", "コンマは3桁ごと"},
    {BaseType::kYen, "", "1,000,00円", "!a comma only separates thousands", "コンマは3桁ごと"},
    {BaseType::kYen, "", "0.5円", "!must be whole yen", "1円単位"},
    {BaseType::kYen, "", "たくさん", "!expected an amount in yen like", "金額として読めません"},
    {BaseType::kYen, "", "万円", "!expected an amount in yen like", "例: 1500000"},
    {BaseType::kYen, "", "1万2億円", "!expected an amount in yen like", "金額として読めません"},
    {BaseType::kYen, "", "約35万円", "!expected an amount in yen like", "金額として読めません"},
    {BaseType::kYen, "", "1億12000万円", "!expected an amount in yen like", "金額として読めません"},
    {BaseType::kYen, "", "99999999999999兆円", "!too large", "大きすぎ"},
    // counts
    {BaseType::kInt, "", "3人", "3", ""},
    {BaseType::kInt, "", "12名", "12", ""},
    {BaseType::kInt, "", "１２名", "12", ""},
    {BaseType::kInt, "", "1,200人", "1200", ""},
    {BaseType::kInt, "", "5社", "5", ""},
    {BaseType::kInt, "", "3年", "3", ""},
    {BaseType::kInt, "", "二十人", "20", ""},
    {BaseType::kInt, "", "3.5人", "!expected a whole number like", "数として読めません"},
    {BaseType::kInt, "", "many", "!expected a whole number like `12` or `12人`, got `many`", "例: 12、12人"},
    {BaseType::kInt, "", "3人くらい", "!expected a whole number", "数として読めません"},
    {BaseType::kInt, "", "1,00人", "!a comma only separates thousands", "コンマ"},
    // ratios
    {BaseType::kDecimal, "", "50%", "0.5", ""},
    {BaseType::kDecimal, "", "５０％", "0.5", ""},
    {BaseType::kDecimal, "", "5割", "0.5", ""},
    {BaseType::kDecimal, "", "2分の1", "0.5", ""},
    {BaseType::kDecimal, "", "１／３", "1/3", ""},
    {BaseType::kDecimal, "", "12.5パーセント", "0.125", ""},
    {BaseType::kDecimal, "", "半分", "!expected a number like", "数として読めません"},
    // dates
    {BaseType::kDate, "", "2027年2月10日", "2027-02-10", ""},
    {BaseType::kDate, "", "2027/2/10", "2027-02-10", ""},
    {BaseType::kDate, "", "2027.02.10", "2027-02-10", ""},
    {BaseType::kDate, "", "2027-2-10", "2027-02-10", ""},
    {BaseType::kDate, "", "２０２７年２月１０日", "2027-02-10", ""},
    {BaseType::kDate, "", "2027年 2月 10日", "2027-02-10", ""},
    {BaseType::kDate, "", "令和9年2月10日", "2027-02-10", ""},
    {BaseType::kDate, "", "R9.2.10", "2027-02-10", ""},
    {BaseType::kDate, "", "r9/2/10", "2027-02-10", ""},
    {BaseType::kDate, "", "令和元年5月1日", "2019-05-01", ""},
    {BaseType::kDate, "", "㋿元年5月1日", "2019-05-01", ""},
    {BaseType::kDate, "", "平成31年4月30日", "2019-04-30", ""},
    {BaseType::kDate, "", "H31.4.30", "2019-04-30", ""},
    {BaseType::kDate, "", "㍻元年1月8日", "1989-01-08", ""},
    {BaseType::kDate, "", "昭和64年1月7日", "1989-01-07", ""},
    {BaseType::kDate, "", "S40.4.1", "1965-04-01", ""},
    {BaseType::kDate, "", "昭和元年12月25日", "1926-12-25", ""},
    {BaseType::kDate, "", "大正元年7月30日", "1912-07-30", ""},
    {BaseType::kDate, "", "T15.12.24", "1926-12-24", ""},
    {BaseType::kDate, "", "明治45年7月29日", "1912-07-29", ""},
    {BaseType::kDate, "", "明治6年1月1日", "1873-01-01", ""},
    {BaseType::kDate, "", "2027年2月10日(水)", "2027-02-10", ""},
    {BaseType::kDate, "", "2027年2月10日（水曜日）", "2027-02-10", ""},
    {BaseType::kDate, "", "2027年2月10日(木)", "!not that day of the week", "水曜日です"},
    {BaseType::kDate, "", "2027年2月30日", "!is not a real calendar date", "という日はありません"},
    {BaseType::kDate, "", "2027/13/1", "!is not a real calendar date", "1月から12月"},
    {BaseType::kDate, "", "2027年2月29日", "!is not a real calendar date", "2月は28日までです"},
    {BaseType::kDate, "", "令和元年4月30日", "!the Reiwa era began on 2019-05-01 (令和元年5月1日); this day is 平成31年4月30日", "令和は2019-05-01"},
    {BaseType::kDate, "", "平成31年5月1日", "!the Heisei era ended on 2019-04-30 (平成31年4月30日); this day is 令和元年5月1日", "平成は2019-04-30"},
    {BaseType::kDate, "", "平成32年1月1日", "!this day is 令和2年1月1日 (2020-01-01)", "令和2年1月1日"},
    {BaseType::kDate, "", "昭和64年1月8日", "!the Shōwa era ended on 1989-01-07", "平成元年1月8日"},
    {BaseType::kDate, "", "大正15年12月25日", "!the Taishō era ended", "昭和元年12月25日"},
    {BaseType::kDate, "", "明治5年12月2日", "!old lunisolar calendar", "旧暦"},
    {BaseType::kDate, "", "H0.1.1", "!expected a real calendar date like", "日付として読めません"},
    {BaseType::kDate, "", "27/2/10", "!expected a real calendar date like", "日付として読めません"},
    {BaseType::kDate, "", "2027年2月", "!expected a real calendar date like", "例: 2026-04-01"},
    {BaseType::kDate, "", "来週", "!expected a real calendar date like", "日付として読めません"},
    // yes and no
    {BaseType::kBool, "", "はい", "true", ""},
    {BaseType::kBool, "", "いいえ", "false", ""},
    {BaseType::kBool, "", "ある", "true", ""},
    {BaseType::kBool, "", "ない", "false", ""},
    {BaseType::kBool, "", "ありません", "false", ""},
    {BaseType::kBool, "", "あります。", "true", ""},
    {BaseType::kBool, "", "Yes", "true", ""},
    {BaseType::kBool, "", "ＮＯ", "false", ""},
    {BaseType::kBool, "", "○", "true", ""},
    {BaseType::kBool, "", "×", "false", ""},
    {BaseType::kBool, "", "該当しません", "false", ""},
    {BaseType::kBool, "", "たぶん", "!expected yes or no", "はい か いいえ"},
    // legal forms and other choices
    {BaseType::kEnum, "legal", "株式会社", "株式会社", ""},
    {BaseType::kEnum, "legal", "（株）", "株式会社", ""},
    {BaseType::kEnum, "legal", "㈱", "株式会社", ""},
    {BaseType::kEnum, "legal", "(株)", "株式会社", ""},
    {BaseType::kEnum, "legal", "有限会社", "特例有限会社", ""},
    {BaseType::kEnum, "legal", "㈲", "特例有限会社", ""},
    {BaseType::kEnum, "legal", "合同会社", "合同会社", ""},
    {BaseType::kEnum, "legal", "(同)", "合同会社", ""},
    {BaseType::kEnum, "legal", "個人事業主", "個人事業主", ""},
    {BaseType::kEnum, "legal", "個人", "個人事業主", ""},
    {BaseType::kEnum, "legal", "ＮＰＯ法人", "NPO法人", ""},
    {BaseType::kEnum, "legal", "(一社)", "一般社団法人", ""},
    {BaseType::kEnum, "legal", "財団", "!is not one of", "選択肢にありません"},
    {BaseType::kEnum, "industry", "製造", "manufacturing", ""},
    {BaseType::kEnum, "industry", "製造業", "manufacturing", ""},
    {BaseType::kEnum, "industry", "Manufacturing", "manufacturing", ""},
    {BaseType::kEnum, "industry", "ｒｅｔａｉｌ", "retail", ""},
    {BaseType::kEnum, "industry", "ゴム", "rubber_products", ""},
    {BaseType::kEnum, "industry", "業", "!is not one of", "製造業、卸売業"},
    {BaseType::kEnum, "industry", "農業", "!is not one of: manufacturing, wholesale, retail, rubber_products", "選択肢"},
    // places
    {BaseType::kEnum, "prefecture", "群馬", "群馬県", ""},
    {BaseType::kEnum, "prefecture", "群馬県", "群馬県", ""},
    {BaseType::kEnum, "prefecture", "Gunma", "群馬県", ""},
    {BaseType::kEnum, "prefecture", "gunma prefecture", "群馬県", ""},
    {BaseType::kEnum, "prefecture", "東京", "東京都", ""},
    {BaseType::kEnum, "prefecture", "京都", "京都府", ""},
    {BaseType::kEnum, "prefecture", "北海道", "北海道", ""},
    {BaseType::kEnum, "prefecture", "群間県", "!did you mean `群馬県`?", "群馬県 ですか"},
    {BaseType::kEnum, "prefecture", "Gumma", "!did you mean `群馬県`?", "群馬県 ですか"},
    {BaseType::kEnum, "prefecture", "1", "!is not a prefecture", "都道府県の名前として読めません"},
    {BaseType::kEnum, "municipality", "高崎", "高崎市", ""},
    {BaseType::kEnum, "municipality", "群馬県高崎市", "高崎市", ""},
    {BaseType::kEnum, "municipality", "群馬県北群馬郡吉岡町", "吉岡町", ""},
    {BaseType::kEnum, "municipality", "吾妻郡草津町", "草津町", ""},
    {BaseType::kEnum, "municipality", "Maebashi", "前橋市", ""},
    {BaseType::kEnum, "municipality", "みどり", "みどり市", ""},
    {BaseType::kEnum, "municipality", "高碕市", "!did you mean `高崎市`?", "高崎市 ですか"},
    {BaseType::kEnum, "municipality", "さいたま市", "!is not a city, town or village of Gunma", "群馬県内の市町村"},
    {BaseType::kEnum, "municipality", "埼玉県さいたま市", "群馬県外", ""},
    {BaseType::kEnum, "municipality", "東京都渋谷区", "群馬県外", ""},
    {BaseType::kEnum, "municipality", "群馬県外", "群馬県外", ""},
};

const EnumDef* Choices(std::string_view name) {
  static const auto legal = LegalForms();
  static const auto industry = Industries();
  if (name == "legal") return legal.get();
  if (name == "industry") return industry.get();
  if (name == "prefecture") return PrefectureEnum().get();
  if (name == "municipality") return MunicipalityEnum().get();
  return nullptr;
}

}  // namespace

TEST_CASE("everyday answers read as their values, or get a message in ja and en", "[answers]") {
  size_t count = 0;
  for (const Row& row : kRows) {
    ++count;
    const EnumDef* def = Choices(row.choices);
    AnswerResult r = ParseAnswer(row.input, row.type, def);
    std::string expect = row.expect;
    INFO("answer `" << row.input << "` as " << BaseTypeName(row.type));
    if (expect[0] == '!') {
      REQUIRE_FALSE(r.ok());
      INFO("en: " << r.refusal.en << "\nja: " << r.refusal.ja);
      CHECK(r.refusal.en.find(expect.substr(1)) != std::string::npos);
      CHECK(r.refusal.ja.find(row.ja) != std::string::npos);
      CHECK(!r.refusal.ja.empty());
    } else {
      INFO("refusal: " << r.refusal.en);
      REQUIRE(r.ok());
      CHECK(Shown(*r.value, def) == expect);
      CHECK((row.type != BaseType::kYen || r.value->yen));
    }
  }
  CHECK(count >= 80);
}

TEST_CASE("text answers are kept as written", "[answers]") {
  AnswerResult r = ParseAnswer("  株式会社ＡＢＣ ", BaseType::kText);
  REQUIRE(r.ok());
  CHECK(r.text == "  株式会社ＡＢＣ ");
  CHECK_FALSE(ParseAnswer("\xFF", BaseType::kText).ok());
}

TEST_CASE("NFKC turns full-width forms into their plain ones", "[answers]") {
  CHECK(NormalizeNfkc("１２３ＡＢＣ") == "123ABC");
  CHECK(NormalizeNfkc("㈱") == "(株)");
  CHECK(NormalizeNfkc("ｶﾀｶﾅ") == "カタカナ");
  CHECK(NormalizeNfkc("plain") == "plain");
  CHECK(NormalizeNfkc("\xFF\xFE") == "\xFF\xFE");  // not UTF-8: left as it is
}

TEST_CASE("everyday numbers keep the comma rule strict", "[answers]") {
  CHECK(ParseEverydayNumber("1,234,567") == Rational(1'234'567));
  CHECK(ParseEverydayNumber("12,345") == Rational(12'345));
  CHECK_FALSE(ParseEverydayNumber("1,2345"));
  CHECK_FALSE(ParseEverydayNumber("1234,567"));
  CHECK_FALSE(ParseEverydayNumber(",123"));
  CHECK_FALSE(ParseEverydayNumber("123,"));
  CHECK_FALSE(ParseEverydayNumber("1,234.5,6"));
  CHECK_FALSE(ParseEverydayNumber("9223372036854775808"));
  CHECK_FALSE(ParseEverydayNumber(""));
  CHECK_FALSE(ParseEverydayNumber("-"));
  CHECK(ParseEverydayNumber("-3万") == Rational(-30'000));
}

TEST_CASE("place types hold Japan's 47 prefectures and Gunma's 35 municipalities", "[answers][places]") {
  const EnumDef& pref = *PrefectureEnum();
  CHECK(pref.values.size() == 47);
  CHECK(pref.values[9] == "群馬県");
  CHECK(pref.kind == EnumKind::kPrefecture);
  const EnumDef& muni = *MunicipalityEnum();
  REQUIRE(muni.values.size() == 36);
  CHECK(muni.values.back() == "群馬県外");
  size_t cities = 0, towns = 0, villages = 0;
  for (const auto& v : muni.values) {
    if (v.size() >= 3 && v.compare(v.size() - 3, 3, "市") == 0) ++cities;
    if (v.size() >= 3 && v.compare(v.size() - 3, 3, "町") == 0) ++towns;
    if (v.size() >= 3 && v.compare(v.size() - 3, 3, "村") == 0) ++villages;
  }
  CHECK(cities == 12);
  CHECK(towns == 15);
  CHECK(villages == 8);
  for (size_t i = 0; i + 1 < muni.values.size(); ++i) {
    CHECK(muni.HasLabel(i));
    CHECK(FindPlace(muni, muni.values[i]) == static_cast<int>(i));
  }
  for (size_t i = 0; i < pref.values.size(); ++i) CHECK(FindPlace(pref, pref.values[i]) == static_cast<int>(i));
}

TEST_CASE("applicant values fall back to everyday answers after the strict form", "[answers][input]") {
  CompiledFact capital;
  capital.name = "capital";
  capital.spec.base = BaseType::kYen;
  capital.min = Rational(0);
  FactValues storage;
  LocalText why;
  auto v = ParseFactScalar(capital, "1,000万円", storage, why);
  REQUIRE(v);
  CHECK(v->num == Rational(10'000'000));
  v = ParseFactScalar(capital, "1500000", storage, why);  // the strict form
  REQUIRE(v);
  CHECK(v->num == Rational(1'500'000));
  CHECK_FALSE(ParseFactScalar(capital, "-3万円", storage, why));
  CHECK(why.en == "must be at least 0, got -30,000");
  CHECK(why.ja.find("0 以上") != std::string::npos);
  std::string en;
  CHECK_FALSE(ParseFactScalar(capital, "たくさん", storage, en));
  CHECK(en.find("expected an amount in yen like") == 0);

  CompiledFact pref;
  pref.name = "prefecture";
  pref.spec.base = BaseType::kEnum;
  pref.spec.enum_def = PrefectureEnum();
  v = ParseFactScalar(pref, "群馬", storage, why);
  REQUIRE(v);
  CHECK(v->i == 9);
}

TEST_CASE("prefecture and municipality facts in rule files", "[answers][places]") {
  auto rules = RuleSet::LoadTexts({{"p.yaml", R"(program: p
title: { ja: テスト, en: Test }
facts:
  prefecture: { type: prefecture, ask: { ja: 本社の都道府県, en: Prefecture } }
  city: { type: municipality, ask: { ja: 本社の市町村, en: Municipality } }
requirements:
  - id: in-gunma
    rule: prefecture == "群馬県" and city in ["高崎市", "前橋市"]
)"}});
  REQUIRE(rules->ok());
  const CompiledProgram* p = rules->Find("p");
  REQUIRE(p);
  CHECK(TypeSpecName(p->facts[static_cast<size_t>(p->FindFact("prefecture"))].spec) == "prefecture");
  CHECK(TypeSpecName(p->facts[static_cast<size_t>(p->FindFact("city"))].spec) == "municipality");

  auto bad = RuleSet::LoadTexts({{"p.yaml", R"(program: p
facts:
  prefecture: { type: prefecture }
requirements:
  - id: in-gunma
    rule: prefecture == "群馬"
)"}});
  REQUIRE_FALSE(bad->ok());
  bool found = false;
  for (const auto& d : bad->diagnostics())
    if (d.code == "bad-enum" && d.help.en == "did you mean `群馬県`?") found = true;
  CHECK(found);
}
