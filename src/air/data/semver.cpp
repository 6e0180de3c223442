#include "semver.h"

#include <algorithm>
#include <cctype>

namespace fluence::air {
namespace {

bool is_numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool is_identifier_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// A numeric component: digits, no leading zero (except "0"), fits u64.
bool parse_number(std::string_view s, std::uint64_t& out) {
  if (!is_numeric(s) || (s.size() > 1 && s[0] == '0')) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    std::uint64_t d = std::uint64_t(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

bool parse_identifiers(std::string_view s, bool numeric_no_leading_zero,
                       std::vector<std::string>& out) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view id = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (id.empty() || !std::all_of(id.begin(), id.end(), is_identifier_char)) return false;
    if (numeric_no_leading_zero && is_numeric(id) && id.size() > 1 && id[0] == '0') return false;
    out.emplace_back(id);
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

int compare_identifiers(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool an = is_numeric(a[i]);
    bool bn = is_numeric(b[i]);
    if (an && bn) {
      // Compare numerically without overflow: longer (after leading zeros) is bigger.
      std::string_view x = a[i], y = b[i];
      while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
      while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      int c = x.compare(y);
      if (c != 0) return c < 0 ? -1 : 1;
      continue;
    }
    if (an != bn) return an ? -1 : 1;  // numeric identifiers sort first
    int c = a[i].compare(b[i]);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace

std::optional<Semver> Semver::parse(std::string_view text, std::string* error) {
  auto bad = [&](const char* why) -> std::optional<Semver> {
    if (error) *error = why;
    return std::nullopt;
  };
  Semver v;
  std::string_view rest = text;
  std::size_t plus = rest.find('+');
  std::string_view build = plus == rest.npos ? std::string_view() : rest.substr(plus + 1);
  if (plus != rest.npos) rest = rest.substr(0, plus);
  std::size_t dash = rest.find('-');
  std::string_view pre = dash == rest.npos ? std::string_view() : rest.substr(dash + 1);
  if (dash != rest.npos) rest = rest.substr(0, dash);

  std::size_t d1 = rest.find('.');
  if (d1 == rest.npos) return bad("unexpected end of input while parsing minor version number");
  std::size_t d2 = rest.find('.', d1 + 1);
  if (d2 == rest.npos) return bad("unexpected end of input while parsing patch version number");
  if (!parse_number(rest.substr(0, d1), v.major)) return bad("invalid major version number");
  if (!parse_number(rest.substr(d1 + 1, d2 - d1 - 1), v.minor))
    return bad("invalid minor version number");
  if (!parse_number(rest.substr(d2 + 1), v.patch)) return bad("invalid patch version number");
  if (dash != text.npos && !parse_identifiers(pre, true, v.pre))
    return bad("invalid pre-release identifier");
  if (plus != text.npos && !parse_identifiers(build, false, v.build))
    return bad("invalid build metadata identifier");
  return v;
}

int Semver::compare(const Semver& o) const {
  if (major != o.major) return major < o.major ? -1 : 1;
  if (minor != o.minor) return minor < o.minor ? -1 : 1;
  if (patch != o.patch) return patch < o.patch ? -1 : 1;
  if (pre.empty() != o.pre.empty()) return pre.empty() ? 1 : -1;
  int c = compare_identifiers(pre, o.pre);
  if (c != 0) return c;
  if (build.empty() != o.build.empty()) return build.empty() ? -1 : 1;
  return compare_identifiers(build, o.build);
}

}  // namespace fluence::air
