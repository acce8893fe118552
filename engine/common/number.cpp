// SPDX-License-Identifier: Apache-2.0
#include "common/number.hpp"

#include <limits>
#include <utility>

namespace elig {
namespace {

__extension__ typedef __int128 i128;

i128 Gcd128(i128 a, i128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Binary GCD on 64 bits: the usual case (amounts and small fractions) never needs
// the 128-bit division the general path pays for on every step.
uint64_t Gcd64(uint64_t a, uint64_t b) {
  if (a < b) std::swap(a, b);
  if (b == 0) return a;
  // One division brings an amount down to the size of a denominator first: gcd(2,000,000, 3)
  // then takes two steps instead of twenty.
  a %= b;
  if (a == 0) return b;
  int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

uint64_t Magnitude(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

bool Fits(i128 v) {
  return v >= std::numeric_limits<int64_t>::min() + 1 && v <= std::numeric_limits<int64_t>::max();
}

std::optional<Rational> Reduce(i128 num, i128 den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  if (den != 1 && Fits(num) && Fits(den)) {
    auto n = static_cast<int64_t>(num), d = static_cast<int64_t>(den);
    auto g = static_cast<int64_t>(Gcd64(Magnitude(n), static_cast<uint64_t>(d)));
    return Rational::Make(n / g, d / g);
  }
  if (den != 1) {
    i128 g = Gcd128(num, den);
    if (g > 1) {
      num /= g;
      den /= g;
    }
  }
  if (!Fits(num) || !Fits(den)) return std::nullopt;
  return Rational::Make(static_cast<int64_t>(num), static_cast<int64_t>(den));
}

// a + b, or a - b when `kSubtract`: exact, nullopt when it leaves the range. Two whole
// numbers, the usual case, stay in 64 bits.
template <bool kSubtract>
std::optional<Rational> Sum(Rational a, Rational b) {
  if (a.IsInteger() && b.IsInteger()) {
    int64_t out;
    bool over = kSubtract ? __builtin_sub_overflow(a.num(), b.num(), &out) : __builtin_add_overflow(a.num(), b.num(), &out);
    if (over || out == std::numeric_limits<int64_t>::min()) return std::nullopt;
    return Rational(out);
  }
  i128 left = i128(a.num()) * b.den(), right = i128(b.num()) * a.den();
  return Reduce(kSubtract ? left - right : left + right, i128(a.den()) * b.den());
}

std::string Group(std::string digits) {
  bool neg = !digits.empty() && digits[0] == '-';
  std::string body = neg ? digits.substr(1) : digits;
  std::string out;
  int n = static_cast<int>(body.size());
  for (int i = 0; i < n; ++i) {
    out.push_back(body[static_cast<size_t>(i)]);
    int rest = n - 1 - i;
    if (rest > 0 && rest % 3 == 0) out.push_back(',');
  }
  return neg ? "-" + out : out;
}

}  // namespace

std::optional<Rational> Rational::Make(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  if (num == std::numeric_limits<int64_t>::min() || den == std::numeric_limits<int64_t>::min())
    return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Rational r;
  if (den == 1) {
    r.num_ = num;
    r.den_ = 1;
    return r;
  }
  // Both magnitudes fit in 63 bits here (INT64_MIN is refused above).
  auto g = static_cast<int64_t>(Gcd64(Magnitude(num), static_cast<uint64_t>(den)));
  r.num_ = num / g;
  r.den_ = den / g;
  return r;
}

std::optional<Rational> Rational::Add(Rational a, Rational b) { return Sum<false>(a, b); }

std::optional<Rational> Rational::Sub(Rational a, Rational b) { return Sum<true>(a, b); }

std::optional<Rational> Rational::Mul(Rational a, Rational b) {
  if (a.den_ == 1 && b.den_ == 1) {
    int64_t out;
    if (__builtin_mul_overflow(a.num_, b.num_, &out) || out == std::numeric_limits<int64_t>::min())
      return std::nullopt;
    return Rational(out);
  }
  // Cross-reduce first (a.num with b.den, b.num with a.den): the product is then in lowest
  // terms, so it overflows exactly when the reduced result does not fit.
  auto g1 = static_cast<int64_t>(Gcd64(Magnitude(a.num_), static_cast<uint64_t>(b.den_)));
  auto g2 = static_cast<int64_t>(Gcd64(Magnitude(b.num_), static_cast<uint64_t>(a.den_)));
  int64_t num, den;
  if (__builtin_mul_overflow(a.num_ / g1, b.num_ / g2, &num) || num == std::numeric_limits<int64_t>::min() ||
      __builtin_mul_overflow(a.den_ / g2, b.den_ / g1, &den) || den == std::numeric_limits<int64_t>::min())
    return std::nullopt;
  Rational r;
  r.num_ = num;
  r.den_ = den;
  return r;
}

std::optional<Rational> Rational::Div(Rational a, Rational b) {
  if (b.num_ == 0) return std::nullopt;
  return Reduce(i128(a.num_) * b.den_, i128(a.den_) * b.num_);
}

std::optional<Rational> Rational::Neg() const { return Make(-num_, den_); }

std::optional<Rational> Rational::Abs() const { return Make(num_ < 0 ? -num_ : num_, den_); }

Rational Rational::Floor() const {
  if (den_ == 1) return *this;
  int64_t q = num_ / den_;
  if (num_ < 0 && q * den_ != num_) --q;
  return Rational(q);
}

Rational Rational::Ceil() const {
  if (den_ == 1) return *this;
  int64_t q = num_ / den_;
  if (num_ > 0 && q * den_ != num_) ++q;
  return Rational(q);
}

std::optional<Rational> Rational::Round() const {
  if (den_ == 1) return *this;
  // floor(|x| + 1/2) with the sign restored.
  i128 n = num_ < 0 ? -i128(num_) : i128(num_);
  i128 q = (2 * n + den_) / (2 * i128(den_));
  if (num_ < 0) q = -q;
  if (!Fits(q)) return std::nullopt;
  return Rational(static_cast<int64_t>(q));
}

std::string Rational::ToString() const {
  if (den_ == 1) return std::to_string(num_);
  // Terminating decimal when den has only factors 2 and 5.
  int64_t d = den_;
  int twos = 0, fives = 0;
  while (d % 2 == 0) { d /= 2; ++twos; }
  while (d % 5 == 0) { d /= 5; ++fives; }
  if (d != 1) return std::to_string(num_) + "/" + std::to_string(den_);
  int digits = twos > fives ? twos : fives;
  // 1/2^62 has 62 decimals: past what 128 bits hold, the exact fraction is printed instead.
  i128 scale = 1, scaled = 0;
  bool overflow = false;
  for (int i = 0; i < digits && !overflow; ++i) overflow = __builtin_mul_overflow(scale, i128{10}, &scale);
  if (overflow || __builtin_mul_overflow(i128(num_), scale / den_, &scaled))
    return std::to_string(num_) + "/" + std::to_string(den_);
  bool neg = scaled < 0;
  if (neg) scaled = -scaled;
  i128 ip = scaled / scale, fp = scaled % scale;
  std::string frac(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    frac[static_cast<size_t>(i)] = static_cast<char>('0' + static_cast<int>(fp % 10));
    fp /= 10;
  }
  std::string ips = std::to_string(static_cast<long long>(ip));
  return (neg ? "-" : "") + ips + "." + frac;
}

std::string Rational::ToGroupedString() const {
  std::string s = ToString();
  auto cut = s.find_first_of("./");
  if (cut == std::string::npos) return Group(s);
  return Group(s.substr(0, cut)) + s.substr(cut);
}

std::optional<Rational> Rational::Parse(std::string_view text) {
  // The common case, a whole number of at most 18 digits (no sign, separators, point or
  // fraction): it cannot overflow int64, and needs no reduction.
  if (!text.empty() && text.size() <= 18) {
    int64_t n = 0;
    size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) n = n * 10 + (text[i] - '0');
    if (i == text.size()) return Rational(n);
  }
  auto slash = text.find('/');
  if (slash != std::string_view::npos) {
    // One fraction bar: "1/2/3" means nothing, and recursing per `/` would let input pick the depth.
    if (text.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
    auto a = Parse(text.substr(0, slash));
    auto b = Parse(text.substr(slash + 1));
    if (!a || !b) return std::nullopt;
    return Div(*a, *b);
  }
  size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    neg = text[i] == '-';
    ++i;
  }
  i128 num = 0, den = 1;
  bool any_digit = false, in_frac = false, underscore = false;
  // Commas separate thousands in the integer part, and nothing else: "1,500,000". The first
  // group has one to three digits and no leading zero, every later one exactly three, so
  // "0,5", "1,50", "1,0,0" and "0,500" (decimal commas, or typing slips) are refused
  // rather than read as 5, 150, 100 or 500.
  size_t commas = 0, group = 0;  // digits of the integer part since the last comma
  bool group_zero = false;       // the first group starts with 0
  char prev = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      num = num * 10 + (c - '0');
      if (in_frac) den *= 10;
      if (num > std::numeric_limits<int64_t>::max() || den > std::numeric_limits<int64_t>::max())
        return std::nullopt;
      if (!in_frac && group++ == 0 && commas == 0) group_zero = c == '0';
      any_digit = true;
    } else if (c == '_' && prev >= '0' && prev <= '9' && !in_frac) {
      underscore = true;  // a separator between digits, anywhere (rule literals: 1_000_000)
    } else if (c == ',' && prev >= '0' && prev <= '9' && !in_frac) {
      if (commas == 0 ? group > 3 || group_zero : group != 3) return std::nullopt;
      ++commas;
      group = 0;
    } else if (c == '.' && !in_frac && any_digit) {
      if (commas && group != 3) return std::nullopt;
      in_frac = true;
    } else {
      return std::nullopt;
    }
    prev = c;
  }
  if (!any_digit || prev == '_' || prev == ',' || prev == '.') return std::nullopt;
  if (commas && (underscore || (!in_frac && group != 3))) return std::nullopt;
  return Reduce(neg ? -num : num, den);
}

}  // namespace elig
