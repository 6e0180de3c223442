// Diagnostics of the Aqua compiler: every error or warning carries file:line:col and is shown
// with the source line and a caret under the column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fluence::aqua {

// One loaded source text; line starts are indexed so that positions print fast.
struct SourceFile {
  std::string path;
  std::string text;
  std::vector<uint32_t> line_starts;  // offset of each line's first byte

  SourceFile(std::string p, std::string t);
  std::string_view line_text(uint32_t line) const;  // 1-based, without the line end
};

// A position in a source file: index into the compiler's file table, 1-based line and column.
struct Pos {
  int32_t file = -1;
  uint32_t line = 0;
  uint32_t col = 0;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;   // path as given
  uint32_t line = 0;  // 1-based; 0 when the diagnostic has no position
  uint32_t col = 0;
  std::string message;
  std::string source_line;  // the line the position points at

  // "file:line:col: error: message\n  line\n  ^\n"
  std::string render() const;
};

// Collects diagnostics of one compilation; files are referenced by index.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(const std::vector<SourceFile>* files) : files_(files) {}
  void error(Pos pos, std::string message) { add(Severity::kError, pos, std::move(message)); }
  void warning(Pos pos, std::string message) { add(Severity::kWarning, pos, std::move(message)); }
  void add(Severity sev, Pos pos, std::string message);
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return list_; }
  std::vector<Diagnostic> take() { return std::move(list_); }
  // While muted (inlining code that was already checked), nothing is recorded.
  int mute = 0;

 private:
  const std::vector<SourceFile>* files_;
  std::vector<Diagnostic> list_;
  size_t errors_ = 0;
};

// Edit distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);
// Up to three names from `candidates` close to `name`, best first.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace fluence::aqua
