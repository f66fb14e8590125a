#pragma once
// Reading JSON documents (data files in the Stan/posteriordb format, posteriordb's reference moments)
// through nlohmann/json (Debian nlohmann-json3-dev; RFC 8259: no NaN or Infinity literals).
//
// A Json is a read-only view of one value of a parsed document together with its source file and its JSON
// path ("$", "$.sigma", "$.X[3][1]"), so that every error names both:
//   data.json: $.sigma[3]: expected a number, got a string
//   data.json: $: key 'sigma' missing
//   data.json:3:1: invalid JSON: syntax error while parsing value - unexpected '}'
// Errors are ito::IoError. Views share ownership of the document, so a Json outlives the one it came from.
#include <Eigen/Core>
#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace ito::io {

class Json {
 public:
  /// Parses JSON text; `source` names it in messages (usually the file name).
  static Json parse(const std::string& text, const std::string& source);
  /// Reads and parses a file (IoError naming the file when it cannot be opened).
  static Json read_file(const std::string& path);

  bool is_null() const;
  bool is_boolean() const;
  bool is_number() const;
  bool is_string() const;
  bool is_array() const;
  bool is_object() const;

  /// Member `key` of an object.
  Json at(const std::string& key) const;
  /// Element `index` of an array.
  Json at(std::size_t index) const;
  bool contains(const std::string& key) const;
  /// Number of elements of an array or members of an object (0 for a scalar).
  std::size_t size() const;

  double number() const;
  /// An integer-valued number of magnitude at most 2⁵³ (so it is exact as a double too).
  long long integer() const;
  bool boolean() const;
  std::string string() const;
  /// A flat array of numbers; a number alone counts as an array of one (Stan's data format writes a
  /// length-1 vector as a scalar).
  Eigen::VectorXd numbers() const;
  /// An array of equal-length arrays of numbers: rows × columns.
  Eigen::MatrixXd matrix() const;
  std::vector<std::string> strings() const;

  const std::string& source() const { return source_; }
  /// The JSON path of this value in its document, "$" for the root.
  const std::string& path() const { return path_; }

  /// Throws IoError "<source>: <path>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

 private:
  Json(std::shared_ptr<const nlohmann::json> document, const nlohmann::json* value, std::string source,
       std::string path);
  [[noreturn]] void expected(const char* what) const;
  std::shared_ptr<const nlohmann::json> document_;
  const nlohmann::json* value_ = nullptr;
  std::string source_, path_;
};

}  // namespace ito::io
