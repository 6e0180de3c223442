#include "fluence/aqua/diagnostics.h"

#include <algorithm>

namespace fluence::aqua {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
  line_starts.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(i + 1);
  }
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  uint32_t begin = line_starts[line - 1];
  uint32_t end = line < line_starts.size() ? line_starts[line] : static_cast<uint32_t>(text.size());
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return std::string_view(text).substr(begin, end - begin);
}

std::string Diagnostic::render() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(col);
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  out += "\n";
  if (line > 0) {
    std::string shown;
    for (char c : source_line) shown += (c == '\t') ? ' ' : c;
    out += "  " + std::to_string(line) + " | " + shown + "\n";
    out += std::string(std::to_string(line).size() + 2, ' ') + " | ";
    out += std::string(col > 0 ? col - 1 : 0, ' ') + "^\n";
  }
  return out;
}

void DiagnosticSink::add(Severity sev, Pos pos, std::string message) {
  if (mute > 0) return;
  Diagnostic d;
  d.severity = sev;
  d.message = std::move(message);
  if (pos.file >= 0 && files_ && static_cast<size_t>(pos.file) < files_->size()) {
    const SourceFile& f = (*files_)[pos.file];
    d.file = f.path;
    d.line = pos.line;
    d.col = pos.col;
    d.source_line = std::string(f.line_text(pos.line));
  }
  // The same message at the same place is reported once.
  for (const auto& o : list_) {
    if (o.line == d.line && o.col == d.col && o.file == d.file && o.message == d.message) return;
  }
  if (sev == Severity::kError) ++errors_;
  list_.push_back(std::move(d));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::pair<size_t, std::string>> scored;
  size_t limit = std::max<size_t>(2, name.size() / 2);
  for (const auto& c : candidates) {
    size_t d = edit_distance(name, c);
    if (d <= limit) scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < 3; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace fluence::aqua
