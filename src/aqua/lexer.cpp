#include "lexer.h"

#include <cstring>

namespace fluence::aqua {

const char* tok_name(Tok t) {
  switch (t) {
    case Tok::kLower: return "name";
    case Tok::kUpper: return "Name";
    case Tok::kString: return "string";
    case Tok::kInt: return "integer";
    case Tok::kFloat: return "float";
    case Tok::kLParen: return "'('";
    case Tok::kRParen: return "')'";
    case Tok::kLBracket: return "'['";
    case Tok::kRBracket: return "']'";
    case Tok::kLBrace: return "'{'";
    case Tok::kRBrace: return "'}'";
    case Tok::kOptBracket: return "'?['";
    case Tok::kStreamBracket: return "'*['";
    case Tok::kComma: return "','";
    case Tok::kColon: return "':'";
    case Tok::kDot: return "'.'";
    case Tok::kAssign: return "'='";
    case Tok::kQAssign: return "'?='";
    case Tok::kLArrow: return "'<-'";
    case Tok::kPush: return "'<<-'";
    case Tok::kRArrow: return "'->'";
    case Tok::kBang: return "'!'";
    case Tok::kQuestion: return "'?'";
    case Tok::kStar: return "'*'";
    case Tok::kPow: return "'**'";
    case Tok::kSlash: return "'/'";
    case Tok::kPercent: return "'%'";
    case Tok::kPlus: return "'+'";
    case Tok::kMinus: return "'-'";
    case Tok::kLt: return "'<'";
    case Tok::kGt: return "'>'";
    case Tok::kLe: return "'<='";
    case Tok::kGe: return "'>='";
    case Tok::kEq: return "'=='";
    case Tok::kNe: return "'!='";
    case Tok::kAnd: return "'&&'";
    case Tok::kOr: return "'||'";
    case Tok::kInitPeer: return "'%init_peer_id%'";
    case Tok::kTop: return "'⊤'";
    case Tok::kBottom: return "'⊥'";
    case Tok::kEnd: return "end of line";
  }
  return "?";
}

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool continues_line(Tok t) {
  switch (t) {
    case Tok::kComma: case Tok::kPlus: case Tok::kMinus: case Tok::kPow:
    case Tok::kSlash: case Tok::kPercent: case Tok::kLt: case Tok::kGt: case Tok::kLe: case Tok::kGe:
    case Tok::kEq: case Tok::kNe: case Tok::kAnd: case Tok::kOr:
      return true;
    default:
      return false;
  }
}

struct Lexer {
  const SourceFile& file;
  int32_t fidx;
  DiagnosticSink& diags;
  std::string_view text;
  size_t i = 0;
  uint32_t line = 1;
  size_t line_start = 0;

  Pos pos_at(size_t off) const { return Pos{fidx, line, static_cast<uint32_t>(off - line_start + 1)}; }

  // Advances past a line end at i (\n, \r\n, \n\r or \r); returns false if none.
  bool eat_newline() {
    if (i >= text.size()) return false;
    if (text[i] == '\n') {
      ++i;
      if (i < text.size() && text[i] == '\r') ++i;
    } else if (text[i] == '\r') {
      ++i;
      if (i < text.size() && text[i] == '\n') ++i;
    } else {
      return false;
    }
    ++line;
    line_start = i;
    return true;
  }

  // Lexes one token at i (no leading spaces); returns false at a line end / file end.
  bool next_token(Token& t, int& depth) {
    if (i >= text.size() || text[i] == '\n' || text[i] == '\r') return false;
    char c = text[i];
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {  // comment
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
      return false;
    }
    size_t start = i;
    t.pos = pos_at(i);
    auto two = [&](const char* s) { return text.compare(i, strlen(s), s) == 0; };
    auto set = [&](Tok k, size_t len) {
      t.kind = k;
      t.text = text.substr(start, len);
      i += len;
    };
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      while (i < text.size() && is_name_char(text[i])) ++i;
      t.kind = (c >= 'A' && c <= 'Z') ? Tok::kUpper : Tok::kLower;
      t.text = text.substr(start, i - start);
      return true;
    }
    if (is_digit(c)) {
      while (i < text.size() && is_digit(text[i])) ++i;
      t.kind = Tok::kInt;
      if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
        ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
        t.kind = Tok::kFloat;
      }
      t.text = text.substr(start, i - start);
      return true;
    }
    if (c == '"') {
      ++i;
      while (i < text.size() && text[i] != '"' && text[i] != '\n' && text[i] != '\r') ++i;
      if (i >= text.size() || text[i] != '"') {
        diags.error(t.pos, "Unterminated string literal: a string must close with '\"' on the same line");
        t.kind = Tok::kString;
        t.text = text.substr(start, i - start);
        return true;
      }
      ++i;
      t.kind = Tok::kString;
      t.text = text.substr(start, i - start);
      return true;
    }
    if (two("%init_peer_id%")) { set(Tok::kInitPeer, 14); return true; }
    if (two("\xE2\x8A\xA4")) { set(Tok::kTop, 3); return true; }
    if (two("\xE2\x8A\xA5")) { set(Tok::kBottom, 3); return true; }
    if (two("<<-")) { set(Tok::kPush, 3); return true; }
    if (two("<-")) { set(Tok::kLArrow, 2); return true; }
    if (two("->")) { set(Tok::kRArrow, 2); return true; }
    if (two("?[")) { set(Tok::kOptBracket, 2); ++depth; return true; }
    if (two("*[")) { set(Tok::kStreamBracket, 2); ++depth; return true; }
    if (two("?=")) { set(Tok::kQAssign, 2); return true; }
    if (two("==")) { set(Tok::kEq, 2); return true; }
    if (two("!=")) { set(Tok::kNe, 2); return true; }
    if (two("<=")) { set(Tok::kLe, 2); return true; }
    if (two(">=")) { set(Tok::kGe, 2); return true; }
    if (two("&&")) { set(Tok::kAnd, 2); return true; }
    if (two("||")) { set(Tok::kOr, 2); return true; }
    if (two("**")) { set(Tok::kPow, 2); return true; }
    switch (c) {
      case '(': set(Tok::kLParen, 1); ++depth; return true;
      case ')': set(Tok::kRParen, 1); if (depth > 0) --depth; return true;
      case '[': set(Tok::kLBracket, 1); ++depth; return true;
      case ']': set(Tok::kRBracket, 1); if (depth > 0) --depth; return true;
      case '{': set(Tok::kLBrace, 1); ++depth; return true;
      case '}': set(Tok::kRBrace, 1); if (depth > 0) --depth; return true;
      case ',': set(Tok::kComma, 1); return true;
      case ':': set(Tok::kColon, 1); return true;
      case '.': set(Tok::kDot, 1); return true;
      case '=': set(Tok::kAssign, 1); return true;
      case '!': set(Tok::kBang, 1); return true;
      case '?': set(Tok::kQuestion, 1); return true;
      case '*': set(Tok::kStar, 1); return true;
      case '/': set(Tok::kSlash, 1); return true;
      case '%': set(Tok::kPercent, 1); return true;
      case '+': set(Tok::kPlus, 1); return true;
      case '-': set(Tok::kMinus, 1); return true;
      case '<': set(Tok::kLt, 1); return true;
      case '>': set(Tok::kGt, 1); return true;
      default: break;
    }
    diags.error(t.pos, std::string("Unexpected character ") +
                           ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f ? std::string("'") + c + "'"
                                                                                 : "(byte " + std::to_string((unsigned char)c) + ")") +
                           ": expected a name, a literal, an operator or a bracket");
    // Skip the whole UTF-8 sequence so that one bad character gives one error.
    ++i;
    while (i < text.size() && ((unsigned char)text[i] & 0xC0) == 0x80) ++i;
    t.kind = Tok::kEnd;
    return true;
  }

  // Reads logical lines (flat).
  std::vector<std::unique_ptr<Line>> read_lines() {
    std::vector<std::unique_ptr<Line>> out;
    while (i < text.size()) {
      size_t ind_start = i;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      auto line_ptr = std::make_unique<Line>();
      line_ptr->indent = text.substr(ind_start, i - ind_start);
      int depth = 0;
      bool space = true;
      for (;;) {
        Token t;
        size_t before = i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        space = space || i != before;
        if (next_token(t, depth)) {
          if (t.kind == Tok::kEnd) continue;  // bad character, already reported
          t.space_before = space;
          space = false;
          line_ptr->toks.push_back(t);
          continue;
        }
        // At a line end: keep joining while a bracket is open or the line obviously continues.
        while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;  // rest of a comment
        bool more = depth > 0 || (!line_ptr->toks.empty() && continues_line(line_ptr->toks.back().kind));
        if (!eat_newline()) break;
        if (!more) break;
        space = true;
      }
      if (line_ptr->toks.empty()) continue;
      line_ptr->pos = line_ptr->toks.front().pos;
      Token end;
      end.kind = Tok::kEnd;
      end.pos = pos_at(i);
      if (end.pos.col > 1) end.pos = line_ptr->toks.back().pos, end.pos.col += static_cast<uint32_t>(line_ptr->toks.back().text.size());
      end.pos = Pos{fidx, line_ptr->toks.back().pos.line, line_ptr->toks.back().pos.col + static_cast<uint32_t>(line_ptr->toks.back().text.size())};
      line_ptr->toks.push_back(end);
      out.push_back(std::move(line_ptr));
    }
    return out;
  }
};

bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// Nests lines under headers: children are the following lines indented deeper (as strings).
size_t nest(std::vector<std::unique_ptr<Line>>& flat, size_t k, Line* parent, std::vector<std::unique_ptr<Line>>& out,
            DiagnosticSink& diags, int depth) {
  std::string_view block_indent;
  bool first = true;
  while (k < flat.size()) {
    Line& l = *flat[k];
    if (parent != nullptr) {
      bool deeper = l.indent.size() > parent->indent.size() && starts_with(l.indent, parent->indent);
      if (!deeper) {
        if (starts_with(parent->indent, l.indent)) return k;  // dedent: closes this block
        diags.error(l.pos, "Unexpected indentation: it neither continues the block above nor closes it");
        ++k;
        continue;
      }
    } else if (!l.indent.empty() && first) {
      // Top level must start at column 1; fall through with that indentation as the block's.
    }
    if (first) {
      block_indent = l.indent;
      first = false;
    } else if (l.indent != block_indent) {
      if (l.indent.size() > block_indent.size() && starts_with(l.indent, block_indent)) {
        diags.error(l.pos, "Unexpected indentation: this line is indented deeper than the lines before it, "
                           "but the line above does not open a block (end it with ':')");
        ++k;
        continue;
      }
      diags.error(l.pos, "Inconsistent indentation in the block: expected the same indentation as line " +
                             std::to_string(out.empty() ? l.pos.line : out.back()->pos.line));
      ++k;
      continue;
    }
    auto owned = std::move(flat[k]);
    ++k;
    if (owned->is_header()) {
      if (depth > 200) {
        diags.error(owned->pos, "Blocks are nested too deeply (more than 200 levels)");
        // Skip everything nested below.
        while (k < flat.size() && flat[k]->indent.size() > owned->indent.size()) ++k;
      } else {
        k = nest(flat, k, owned.get(), owned->children, diags, depth + 1);
      }
      if (owned->children.empty()) {
        diags.error(owned->toks[owned->toks.size() - 2].pos,
                    "Block expression has no body: expected indented lines after ':'");
      }
    }
    out.push_back(std::move(owned));
  }
  return k;
}

}  // namespace

std::vector<std::unique_ptr<Line>> lex_file(const SourceFile& file, int32_t file_index, DiagnosticSink& diags) {
  Lexer lx{file, file_index, diags, file.text};
  auto flat = lx.read_lines();
  std::vector<std::unique_ptr<Line>> top;
  nest(flat, 0, nullptr, top, diags, 0);
  return top;
}

}  // namespace fluence::aqua
