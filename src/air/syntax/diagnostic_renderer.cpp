// The layout rules follow codespan-reporting 0.11 (which AquaVM uses with its default config):
// single-line labels are underlined with carets and hang their messages below, rightmost first;
// multi-line labels get a gutter column with ╭ │ ╰ marks; lines inside a multi-line label are
// shown only near its start (3 lines) and end (1 line); a gap of exactly one line is printed, a
// longer gap becomes a "·" line.
#include "diagnostic_renderer.h"

#include <algorithm>
#include <map>
#include <optional>

#include "lexer.h"

namespace fluence::air {
namespace {

constexpr size_t kStartContextLines = 3;
constexpr size_t kEndContextLines = 1;
constexpr size_t kTabWidth = 4;

struct LineRange {
  size_t begin;  // byte offset of the first character
  size_t end;    // byte offset of the terminating '\n' (or the text end)
};

std::vector<LineRange> split_lines(std::string_view text) {
  std::vector<LineRange> lines;
  size_t begin = 0;
  while (true) {
    size_t nl = text.find('\n', begin);
    if (nl == std::string_view::npos) {
      lines.push_back({begin, text.size()});
      return lines;
    }
    lines.push_back({begin, nl});
    begin = nl + 1;
  }
}

size_t line_index(const std::vector<LineRange>& lines, size_t offset) {
  auto it = std::upper_bound(lines.begin(), lines.end(), offset,
                             [](size_t off, const LineRange& l) { return off < l.begin; });
  return static_cast<size_t>(it - lines.begin()) - 1;
}

// One character of a source line with its display width.
struct Cell {
  size_t byte;   // offset within the line
  size_t len;    // UTF-8 length
  size_t width;  // columns it takes
  uint32_t cp;
};

std::vector<Cell> cells_of(std::string_view line) {
  std::vector<Cell> cells;
  size_t column = 0;
  size_t i = 0;
  while (i < line.size()) {
    size_t len;
    uint32_t cp = decode_utf8(line, i, len);
    size_t width = 1;
    if (cp == '\t') {
      width = kTabWidth - (column % kTabWidth);
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
      width = 0;
    }
    cells.push_back({i, len, width, cp});
    column += width;
    i += len;
  }
  return cells;
}

bool overlaps(size_t a0, size_t a1, size_t b0, size_t b1) {
  return std::max(a0, b0) < std::min(a1, b1);
}

struct SingleLabel {
  size_t start;  // bytes within the line
  size_t end;
  std::string_view message;
};

enum class MultiKind { kTop, kLeft, kBottom };

struct MultiMark {
  size_t column;  // gutter column of the label
  MultiKind kind;
  size_t at = 0;  // kTop: start byte in line; kBottom: end byte in line
  std::string_view message;
};

struct Line {
  std::vector<SingleLabel> singles;  // sorted by (start, end); equal ranges newest first
  std::vector<MultiMark> multis;
  bool must_render = false;
};

class Renderer {
 public:
  Renderer(std::string_view text, size_t pad, size_t num_multi)
      : text_(text), pad_(pad), num_multi_(num_multi) {}

  std::string out;

  void outer_gutter() { out.append(pad_ + 1, ' '); }
  void outer_gutter_number(size_t number) {
    std::string n = std::to_string(number);
    out.append(pad_ - std::min(pad_, n.size()), ' ');
    out += n;
    out += ' ';
  }

  // The multi-line label columns of a caret / message line.
  void inner_gutter(const Line& line) {
    for (size_t c = 0; c < num_multi_; ++c) {
      const MultiMark* m = mark_in(line, c);
      if (m != nullptr && (m->kind == MultiKind::kLeft || m->kind == MultiKind::kBottom)) {
        out += " │";
      } else {
        out += "  ";
      }
    }
  }

  static const MultiMark* mark_in(const Line& line, size_t column) {
    for (const auto& m : line.multis) {
      if (m.column == column) return &m;
    }
    return nullptr;
  }

  static size_t leading_space_bytes(std::string_view src) {
    size_t i = 0;
    while (i < src.size()) {
      size_t len;
      uint32_t cp = decode_utf8(src, i, len);
      if (!is_unicode_whitespace(cp)) break;
      i += len;
    }
    return i;
  }

  void source_line(size_t number, std::string_view src, const Line& line) {
    outer_gutter_number(number);
    out += "│";
    const size_t lead = leading_space_bytes(src);
    for (size_t c = 0; c < num_multi_; ++c) {
      const MultiMark* m = mark_in(line, c);
      if (m == nullptr) {
        out += "  ";
      } else if (m->kind == MultiKind::kTop) {
        out += m->at <= lead ? " ╭" : "  ";
      } else {
        out += " │";
      }
    }
    out += ' ';
    for (const auto& cell : cells_of(src)) {
      if (cell.cp == '\t') {
        out.append(cell.width, ' ');
      } else {
        out.append(src.substr(cell.byte, cell.len));
      }
    }
    out += '\n';
  }

  void single_labels(std::string_view src, const Line& line) {
    const auto& labels = line.singles;
    if (labels.empty()) return;
    size_t max_start = 0;
    size_t max_end = 0;
    std::optional<size_t> trailing;
    for (size_t i = 0; i < labels.size(); ++i) {
      max_start = std::max(max_start, labels[i].start);
      max_end = std::max(max_end, labels[i].end);
      if (labels[i].end == max_end) trailing = i;
    }
    if (trailing) {
      const auto& t = labels[*trailing];
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i != *trailing && overlaps(t.start, t.end, labels[i].start, labels[i].end)) {
          trailing.reset();
          break;
        }
      }
    }
    auto cells = cells_of(src);
    // Carets, with one extra column past the line's end.
    outer_gutter();
    out += "│";
    inner_gutter(line);
    out += ' ';
    std::vector<Cell> with_end = cells;
    with_end.push_back({src.size(), 1, 1, 0});
    for (const auto& cell : with_end) {
      bool covered = false;
      for (const auto& l : labels) {
        covered = covered || overlaps(l.start, l.end, cell.byte, cell.byte + cell.len);
      }
      if (covered) {
        out.append(cell.width, '^');
      } else if (cell.byte < max_end) {
        out.append(cell.width, ' ');
      }
    }
    if (trailing) {
      out += ' ';
      out += labels[*trailing].message;
    }
    out += '\n';
    if (labels.size() <= (trailing ? 1u : 0u)) return;

    auto hanging = [&](size_t i) { return !trailing || *trailing != i; };
    auto pointers = [&](size_t limit) {
      for (const auto& cell : cells) {
        if (cell.byte >= limit) break;
        bool starts = false;
        for (size_t i = 0; i < labels.size(); ++i) {
          if (hanging(i) && cell.byte <= labels[i].start && labels[i].start < cell.byte + cell.len) {
            starts = true;
          }
        }
        size_t spaces = cell.width;
        if (starts) {
          out += "│";
          spaces = spaces > 0 ? spaces - 1 : 0;
        }
        if (cell.byte <= max_start) out.append(spaces, ' ');
      }
    };
    outer_gutter();
    out += "│";
    inner_gutter(line);
    out += ' ';
    pointers(std::string_view::npos);
    out += '\n';
    for (size_t k = labels.size(); k-- > 0;) {
      if (!hanging(k)) continue;
      outer_gutter();
      out += "│";
      inner_gutter(line);
      out += ' ';
      pointers(labels[k].start);
      out += labels[k].message;
      out += '\n';
    }
  }

  void multi_carets(std::string_view src, const Line& line) {
    const size_t lead = leading_space_bytes(src);
    for (size_t idx = 0; idx < line.multis.size(); ++idx) {
      const MultiMark& mark = line.multis[idx];
      if (mark.kind == MultiKind::kLeft) continue;
      if (mark.kind == MultiKind::kTop && mark.at <= lead) continue;
      outer_gutter();
      out += "│";
      enum { kNone, kTop, kBottom } underline = kNone;
      for (size_t c = 0; c < num_multi_; ++c) {
        size_t i = 0;
        const MultiMark* m = nullptr;
        for (; i < line.multis.size(); ++i) {
          if (line.multis[i].column == c) {
            m = &line.multis[i];
            break;
          }
        }
        auto left = [&] {
          out += underline == kNone ? " " : (underline == kTop ? "─" : "─");
          out += "│";
        };
        auto column = [&] {
          if (underline == kNone) {
            out += "  ";
          } else {
            out += "──";
          }
        };
        if (m == nullptr) {
          column();
        } else if (m->kind == MultiKind::kLeft) {
          left();
        } else if (m->kind == MultiKind::kTop && idx > i) {
          left();
        } else if (m->kind == MultiKind::kBottom && idx < i) {
          left();
        } else if (m->kind == MultiKind::kTop && idx == i) {
          underline = kTop;
          out += " ╭";
        } else if (m->kind == MultiKind::kBottom && idx == i) {
          underline = kBottom;
          out += " ╰";
        } else {
          column();
        }
      }
      auto cells = cells_of(src);
      if (mark.kind == MultiKind::kTop) {
        for (const auto& cell : cells) {
          if (cell.byte >= mark.at + 1) break;
          for (size_t w = 0; w < cell.width; ++w) out += "─";
        }
        out += "^\n";
      } else {
        for (const auto& cell : cells) {
          if (cell.byte >= mark.at) break;
          for (size_t w = 0; w < cell.width; ++w) out += "─";
        }
        out += "^";
        if (!mark.message.empty()) {
          out += ' ';
          out += mark.message;
        }
        out += '\n';
      }
    }
  }

  void break_line(const Line& line) {
    outer_gutter();
    out += "·";
    inner_gutter(line);
    out += '\n';
  }

 private:
  std::string_view text_;
  size_t pad_;
  size_t num_multi_;
};

}  // namespace

std::string render_diagnostics(std::string_view text, const std::vector<ParseDiagnostic>& diags) {
  if (diags.empty()) return {};
  const auto ranges = split_lines(text);
  std::map<size_t, Line> lines;
  size_t num_multi = 0;
  size_t locus = 0;
  size_t max_line_number = 1;
  for (size_t i = 0; i < diags.size(); ++i) {
    const auto& d = diags[i];
    if (d.left < diags[locus].left) locus = i;
    size_t start = d.left;
    size_t end = std::max<size_t>(d.right, d.left);
    if (end == start) ++end;  // an empty span still gets one caret
    const size_t sl = line_index(ranges, std::min(start, text.size()));
    const size_t el = line_index(ranges, std::min(end, text.size()));
    max_line_number = std::max(max_line_number, el + 1);
    if (sl == el) {
      Line& line = lines[sl];
      line.must_render = true;
      SingleLabel label{start - ranges[sl].begin, end - ranges[sl].begin, d.message};
      // Sorted by range; a label with the same range as an earlier one goes before it.
      auto pos = std::lower_bound(line.singles.begin(), line.singles.end(), label,
                                  [](const SingleLabel& a, const SingleLabel& b) {
                                    return std::pair(a.start, a.end) < std::pair(b.start, b.end);
                                  });
      line.singles.insert(pos, label);
    } else {
      const size_t column = num_multi++;
      Line& first = lines[sl];
      first.must_render = true;
      first.multis.push_back({column, MultiKind::kTop, start - ranges[sl].begin, {}});
      for (size_t l = sl + 1; l < el; ++l) {
        Line& mid = lines[l];
        mid.multis.push_back({column, MultiKind::kLeft, 0, {}});
        mid.must_render = mid.must_render || l - sl <= kStartContextLines ||
                          el - l <= kEndContextLines;
      }
      Line& last = lines[el];
      last.must_render = true;
      last.multis.push_back({column, MultiKind::kBottom, end - ranges[el].begin, d.message});
    }
  }
  const size_t pad = std::to_string(max_line_number).size();
  Renderer r(text, pad, num_multi);
  r.out = "error: \n";
  {
    size_t at = std::min<size_t>(diags[locus].left, text.size());
    size_t l = line_index(ranges, at);
    size_t column = 1;
    for (size_t i = ranges[l].begin; i < at; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    }
    r.out.append(pad, ' ');
    r.out += " ┌─ script.air:" + std::to_string(l + 1) + ":" + std::to_string(column) + "\n";
  }
  r.outer_gutter();
  r.out += "│";
  r.out.append(2 * num_multi, ' ');
  r.out += '\n';

  auto source_of = [&](size_t l) {
    std::string_view src = text.substr(ranges[l].begin, ranges[l].end - ranges[l].begin);
    while (!src.empty() && (src.back() == '\r' || src.back() == '\0')) src.remove_suffix(1);
    return src;
  };
  std::vector<size_t> shown;
  for (const auto& [l, line] : lines) {
    if (line.must_render) shown.push_back(l);
  }
  const Line empty;
  for (size_t k = 0; k < shown.size(); ++k) {
    const size_t l = shown[k];
    const Line& line = lines[l];
    std::string_view src = source_of(l);
    r.source_line(l + 1, src, line);
    r.single_labels(src, line);
    r.multi_carets(src, line);
    if (k + 1 < shown.size()) {
      size_t next = shown[k + 1];
      if (next == l + 2) {
        auto it = lines.find(l + 1);
        Line between;
        if (it != lines.end()) between.multis = it->second.multis;
        r.source_line(l + 2, source_of(l + 1), between);
        r.multi_carets(source_of(l + 1), Line{{}, {}, false});
      } else if (next > l + 2) {
        r.break_line(line);
      }
    }
  }
  (void)empty;
  r.out += "\n";
  return std::move(r.out);
}

}  // namespace fluence::air
