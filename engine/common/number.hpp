// SPDX-License-Identifier: Apache-2.0
// Exact rational numbers for money and ratios. Never binary floating point:
// 1_500_000 * 2/3 is exactly 1_000_000. Every operation reports overflow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace elig {

class Rational {
 public:
  constexpr Rational() = default;
  constexpr Rational(int64_t integer) : num_(integer), den_(1) {}  // NOLINT: implicit by design

  // Builds num/den in lowest terms; nullopt on den == 0 or overflow.
  static std::optional<Rational> Make(int64_t num, int64_t den);

  int64_t num() const { return num_; }
  int64_t den() const { return den_; }
  bool IsInteger() const { return den_ == 1; }

  // Arithmetic: nullopt on overflow (and on division by zero for Div).
  static std::optional<Rational> Add(Rational a, Rational b);
  static std::optional<Rational> Sub(Rational a, Rational b);
  static std::optional<Rational> Mul(Rational a, Rational b);
  static std::optional<Rational> Div(Rational a, Rational b);
  std::optional<Rational> Neg() const;
  std::optional<Rational> Abs() const;

  Rational Floor() const;
  Rational Ceil() const;
  // Round half away from zero (四捨五入).
  std::optional<Rational> Round() const;

  // -1, 0, 1. Exact: cross-multiplies in 128 bits. Inline: the fast path compares with it.
  static int Compare(Rational a, Rational b) {
    if (a.den_ == b.den_) return (a.num_ > b.num_) - (a.num_ < b.num_);
    __extension__ using i128 = __int128;
    i128 l = i128(a.num_) * b.den_, r = i128(b.num_) * a.den_;
    return (l > r) - (l < r);
  }
  friend bool operator==(Rational a, Rational b) { return a.num_ == b.num_ && a.den_ == b.den_; }

  // "1000000", "-2.5", "0.3333333333…" is never produced: non-terminating
  // values print as a fraction "2/3". Integers get no separators.
  std::string ToString() const;
  // With thousands separators: "1,000,000"; fractions as above.
  std::string ToGroupedString() const;
  // Double for display-only purposes (JSON number of a ratio). Never used in arithmetic.
  double ToDouble() const { return static_cast<double>(num_) / static_cast<double>(den_); }

  // Parses "1_000_000", "1,000,000", "12.5", "-3", "2/3" (rules and every input); commas only
  // in thousands ("0,5", "1,50", "1,0,0" are refused). nullopt on syntax error or overflow.
  static std::optional<Rational> Parse(std::string_view text);

 private:
  int64_t num_ = 0;
  int64_t den_ = 1;  // always > 0, gcd(num, den) == 1
};

}  // namespace elig
