#include "common/number.hpp"

#include <limits>

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

bool Fits(i128 v) {
  return v >= std::numeric_limits<int64_t>::min() + 1 && v <= std::numeric_limits<int64_t>::max();
}

std::optional<Rational> Reduce(i128 num, i128 den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
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
  i128 g = Gcd128(num, den);
  r.num_ = static_cast<int64_t>(num / g);
  r.den_ = static_cast<int64_t>(den / g);
  return r;
}

std::optional<Rational> Rational::Add(Rational a, Rational b) {
  if (a.den_ == 1 && b.den_ == 1) {
    int64_t out;
    if (__builtin_add_overflow(a.num_, b.num_, &out) || out == std::numeric_limits<int64_t>::min())
      return std::nullopt;
    return Rational(out);
  }
  return Reduce(i128(a.num_) * b.den_ + i128(b.num_) * a.den_, i128(a.den_) * b.den_);
}

std::optional<Rational> Rational::Sub(Rational a, Rational b) {
  if (a.den_ == 1 && b.den_ == 1) {
    int64_t out;
    if (__builtin_sub_overflow(a.num_, b.num_, &out) || out == std::numeric_limits<int64_t>::min())
      return std::nullopt;
    return Rational(out);
  }
  return Reduce(i128(a.num_) * b.den_ - i128(b.num_) * a.den_, i128(a.den_) * b.den_);
}

std::optional<Rational> Rational::Mul(Rational a, Rational b) {
  if (a.den_ == 1 && b.den_ == 1) {
    int64_t out;
    if (__builtin_mul_overflow(a.num_, b.num_, &out) || out == std::numeric_limits<int64_t>::min())
      return std::nullopt;
    return Rational(out);
  }
  return Reduce(i128(a.num_) * b.num_, i128(a.den_) * b.den_);
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

int Rational::Compare(Rational a, Rational b) {
  if (a.den_ == b.den_) return a.num_ < b.num_ ? -1 : (a.num_ > b.num_ ? 1 : 0);
  i128 l = i128(a.num_) * b.den_;
  i128 r = i128(b.num_) * a.den_;
  return l < r ? -1 : (l > r ? 1 : 0);
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
  i128 scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  i128 scaled = i128(num_) * (scale / den_);
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
  auto slash = text.find('/');
  if (slash != std::string_view::npos) {
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
  bool any_digit = false, in_frac = false;
  char prev = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      num = num * 10 + (c - '0');
      if (in_frac) den *= 10;
      if (num > std::numeric_limits<int64_t>::max() || den > std::numeric_limits<int64_t>::max())
        return std::nullopt;
      any_digit = true;
    } else if ((c == '_' || c == ',') && prev >= '0' && prev <= '9' && !in_frac) {
      // separator between digits
    } else if (c == '.' && !in_frac && any_digit) {
      in_frac = true;
    } else {
      return std::nullopt;
    }
    prev = c;
  }
  if (!any_digit || prev == '_' || prev == ',' || prev == '.') return std::nullopt;
  return Reduce(neg ? -num : num, den);
}

}  // namespace elig
