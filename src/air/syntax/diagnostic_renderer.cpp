#include "diagnostic_renderer.h"

#include <algorithm>

namespace fluence::air {
namespace {

struct LineInfo {
  size_t begin;  // byte offset of the line's first character
  size_t end;    // byte offset of its '\n' (or the text's end)
};

std::vector<LineInfo> split_lines(std::string_view text) {
  std::vector<LineInfo> lines;
  size_t begin = 0;
  while (true) {
    size_t nl = text.find('\n', begin);
    if (nl == std::string_view::npos) {
      lines.push_back({begin, text.size()});
      break;
    }
    lines.push_back({begin, nl});
    begin = nl + 1;
  }
  return lines;
}

size_t line_of(const std::vector<LineInfo>& lines, size_t offset) {
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](size_t off, const LineInfo& l) { return off < l.begin; });
  return static_cast<size_t>(it - lines.begin()) - 1;
}

// Characters (code points) between two byte offsets.
size_t chars_between(std::string_view text, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  if (to > text.size()) n += to - std::max(from, text.size());
  return n;
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

struct SingleLabel {
  size_t order;  // position in the diagnostic list
  size_t start;  // column (chars)
  size_t end;    // column, exclusive, > start
  std::string_view message;
};

struct MultiLabel {
  size_t start_line, start_col, end_line, end_col;  // end_col: column of the last character
  std::string_view message;
};

}  // namespace

std::string render_diagnostics(std::string_view text, const std::vector<ParseDiagnostic>& diags) {
  if (diags.empty()) return {};
  const auto lines = split_lines(text);
  std::vector<std::vector<SingleLabel>> singles(lines.size());
  std::vector<MultiLabel> multis;
  size_t first = 0;
  for (size_t i = 1; i < diags.size(); ++i) {
    if (diags[i].left < diags[first].left) first = i;
  }
  size_t max_line = 0;
  for (size_t i = 0; i < diags.size(); ++i) {
    const auto& d = diags[i];
    size_t left = std::min<size_t>(d.left, text.size());
    size_t right = std::max<size_t>(d.right, left);
    size_t sl = line_of(lines, left);
    size_t el = right > left ? line_of(lines, std::min(right - 1, text.size() ? text.size() - 1 : 0))
                             : sl;
    if (right > text.size()) el = std::max(el, sl);
    size_t sc = chars_between(text, lines[sl].begin, left);
    if (el == sl) {
      size_t ec = sc + std::max<size_t>(1, chars_between(text, left, right));
      singles[sl].push_back({i, sc, ec, d.message});
    } else {
      size_t ec = chars_between(text, lines[el].begin, right - 1);
      multis.push_back({sl, sc, el, ec, d.message});
    }
    max_line = std::max(max_line, el);
  }
  const size_t pad = std::to_string(max_line + 1).size();
  const std::string blank(pad, ' ');
  const bool has_multi = !multis.empty();

  std::string out = "error: \n";
  {
    size_t l = line_of(lines, std::min<size_t>(diags[first].left, text.size()));
    size_t c = chars_between(text, lines[l].begin, diags[first].left) + 1;
    out += blank + " ┌─ script.air:" + std::to_string(l + 1) + ":" + std::to_string(c) + "\n";
  }
  out += blank + " │" + (has_multi ? "  " : "") + "\n";

  std::vector<bool> shown(lines.size(), false);
  for (size_t l = 0; l < lines.size(); ++l) shown[l] = !singles[l].empty();
  for (const auto& m : multis) {
    for (size_t l = m.start_line; l <= m.end_line; ++l) shown[l] = true;
  }

  bool previous_shown = true;
  bool any = false;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (!shown[l]) {
      previous_shown = false;
      continue;
    }
    if (any && !previous_shown) out += blank + " ·\n";
    any = true;
    previous_shown = true;
    std::string_view src = text.substr(lines[l].begin, lines[l].end - lines[l].begin);
    while (!src.empty() && src.back() == '\r') {
      src.remove_suffix(1);
    }
    // The multi-line column for this line.
    std::string marker = has_multi ? "  " : "";
    const MultiLabel* starting_mid_line = nullptr;
    bool ongoing_after = false;
    for (const auto& m : multis) {
      if (m.start_line == l) {
        std::string_view before = text.substr(lines[l].begin, 0);
        bool only_space = true;
        size_t b = lines[l].begin;
        size_t col = 0;
        while (col < m.start_col && b < lines[l].end) {
          char ch = text[b];
          if (ch != ' ' && ch != '\t') only_space = false;
          if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++col;
          ++b;
        }
        (void)before;
        if (only_space) {
          marker = "╭ ";
        } else {
          starting_mid_line = &m;
        }
      } else if (m.start_line < l && l <= m.end_line) {
        marker = "│ ";
      }
      if (m.start_line <= l && l < m.end_line) ongoing_after = true;
    }
    std::string num = std::to_string(l + 1);
    out += std::string(pad - num.size(), ' ') + num + " │ " + marker + std::string(src) + "\n";
    if (starting_mid_line != nullptr) {
      out += blank + " │ ╭" + repeat("─", starting_mid_line->start_col + 1) + "^\n";
    }
    const std::string cont = has_multi ? (ongoing_after ? "│ " : "  ") : "";

    auto& labels = singles[l];
    if (!labels.empty()) {
      std::stable_sort(labels.begin(), labels.end(),
                       [](const SingleLabel& a, const SingleLabel& b) { return a.start < b.start; });
      size_t max_end = 0;
      size_t max_start = 0;
      for (const auto& s : labels) {
        max_end = std::max(max_end, s.end);
        max_start = std::max(max_start, s.start);
      }
      // The last label gets its message on the caret line when it overlaps no other label.
      const SingleLabel* trailing = &labels.back();
      for (const auto& s : labels) {
        if (&s != trailing && s.start < trailing->end && trailing->start < s.end) trailing = nullptr;
        if (trailing == nullptr) break;
      }
      std::string carets;
      for (size_t c = 0; c < max_end; ++c) {
        bool covered = false;
        for (const auto& s : labels) covered = covered || (s.start <= c && c < s.end);
        carets += covered ? '^' : ' ';
      }
      out += blank + " │ " + cont + carets;
      if (trailing != nullptr) out += " " + std::string(trailing->message);
      out += "\n";
      std::vector<const SingleLabel*> rest;
      for (const auto& s : labels) {
        if (&s != trailing) rest.push_back(&s);
      }
      if (!rest.empty()) {
        std::string pointers;
        for (size_t c = 0; c <= max_start; ++c) {
          bool p = false;
          for (const auto* s : rest) p = p || s->start == c;
          pointers += p ? "│" : " ";
        }
        out += blank + " │ " + cont + pointers + "\n";
        // Messages from the rightmost label to the leftmost; equal starts in list order.
        std::stable_sort(rest.begin(), rest.end(), [](const SingleLabel* a, const SingleLabel* b) {
          if (a->start != b->start) return a->start > b->start;
          return a->order < b->order;
        });
        for (size_t k = 0; k < rest.size(); ++k) {
          std::string prefix;
          for (size_t c = 0; c < rest[k]->start; ++c) {
            bool p = false;
            for (size_t j = k + 1; j < rest.size(); ++j) p = p || rest[j]->start == c;
            prefix += p ? "│" : " ";
          }
          out += blank + " │ " + cont + prefix + std::string(rest[k]->message) + "\n";
        }
      }
    }
    for (const auto& m : multis) {
      if (m.end_line == l) {
        out += blank + " │ ╰" + repeat("─", m.end_col + 1) + "^ " + std::string(m.message) + "\n";
      }
    }
  }
  out += "\n";
  return out;
}

}  // namespace fluence::air
