#include "ito/io/json.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ito/core/error.hpp"

namespace ito::io {

namespace {

// nlohmann reports "[json.exception.parse_error.101] parse error at line L, column C: <detail>"; we keep the
// detail and put the position in the file:line:column form of every other ito message.
std::string parse_detail(const std::string& what) {
  const auto column = what.find("column ");
  if (column == std::string::npos) return what;
  const auto colon = what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// "a number", "an array", ... for messages.
std::string kind_of(const nlohmann::json& value) {
  const std::string name = value.type_name();
  if (name == "null") return name;
  return (name == "array" || name == "object" ? "an " : "a ") + name;
}

}  // namespace

Json::Json(std::shared_ptr<const nlohmann::json> document, const nlohmann::json* value, std::string source,
           std::string path)
    : document_(std::move(document)), value_(value), source_(std::move(source)), path_(std::move(path)) {}

Json Json::parse(const std::string& text, const std::string& source) {
  try {
    auto document = std::make_shared<const nlohmann::json>(nlohmann::json::parse(text));
    const nlohmann::json* root = document.get();
    return Json(std::move(document), root, source, "$");
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based offset of the last character read: the position of the error.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    ito::detail::throw_error<IoError>(source, ":", line, ":", column, ": invalid JSON: ", parse_detail(e.what()));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    ito::detail::throw_error<IoError>(source, ": invalid JSON: ", e.what());
  }
}

Json Json::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(path);
    ito::detail::throw_error<IoError>(path, ": cannot open JSON file (", exists ? "unreadable" : "no such file",
                                      "; relative paths are taken from the working directory ",
                                      std::filesystem::current_path().string(), ")");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

void Json::fail(const std::string& message) const {
  ito::detail::throw_error<IoError>(source_, ": ", path_, ": ", message);
}

void Json::expected(const char* what) const { fail(std::string("expected ") + what + ", got " + kind_of(*value_)); }

bool Json::is_null() const { return value_->is_null(); }
bool Json::is_boolean() const { return value_->is_boolean(); }
bool Json::is_number() const { return value_->is_number(); }
bool Json::is_string() const { return value_->is_string(); }
bool Json::is_array() const { return value_->is_array(); }
bool Json::is_object() const { return value_->is_object(); }

Json Json::at(const std::string& key) const {
  if (!value_->is_object()) expected("an object");
  const auto it = value_->find(key);
  if (it == value_->end()) fail("key '" + key + "' missing");
  return Json(document_, &*it, source_, path_ + "." + key);
}

Json Json::at(std::size_t index) const {
  if (!value_->is_array()) expected("an array");
  if (index >= value_->size())
    fail("index " + std::to_string(index) + " out of range (" + std::to_string(value_->size()) + " elements)");
  return Json(document_, &(*value_)[index], source_, path_ + "[" + std::to_string(index) + "]");
}

bool Json::contains(const std::string& key) const { return value_->is_object() && value_->contains(key); }

std::size_t Json::size() const { return value_->is_array() || value_->is_object() ? value_->size() : 0; }

double Json::number() const {
  if (!value_->is_number()) expected("a number");
  return value_->get<double>();
}

long long Json::integer() const {
  if (value_->is_number_integer() && !value_->is_number_unsigned()) {
    const auto v = value_->get<long long>();
    if (v >= -(1LL << 53) && v <= (1LL << 53)) return v;
  } else if (value_->is_number()) {
    const double x = value_->get<double>();
    if (std::floor(x) == x && std::abs(x) <= 9007199254740992.0) return static_cast<long long>(x);
  }
  expected("an integer of magnitude at most 2^53");
}

bool Json::boolean() const {
  if (!value_->is_boolean()) expected("true or false");
  return value_->get<bool>();
}

std::string Json::string() const {
  if (!value_->is_string()) expected("a string");
  return value_->get<std::string>();
}

Eigen::VectorXd Json::numbers() const {
  if (value_->is_number()) return Eigen::VectorXd::Constant(1, number());
  if (!value_->is_array()) expected("an array of numbers");
  Eigen::VectorXd v(static_cast<Eigen::Index>(value_->size()));
  for (std::size_t i = 0; i < value_->size(); ++i) v(static_cast<Eigen::Index>(i)) = at(i).number();
  return v;
}

Eigen::MatrixXd Json::matrix() const {
  if (!value_->is_array()) expected("an array of rows");
  if (value_->empty()) return Eigen::MatrixXd(0, 0);
  const Eigen::Index cols = at(0).numbers().size();
  Eigen::MatrixXd m(static_cast<Eigen::Index>(value_->size()), cols);
  for (std::size_t i = 0; i < value_->size(); ++i) {
    const Json row = at(i);
    const Eigen::VectorXd values = row.numbers();
    if (values.size() != cols)
      row.fail("row has " + std::to_string(values.size()) + " entries, row 0 has " + std::to_string(cols));
    m.row(static_cast<Eigen::Index>(i)) = values.transpose();
  }
  return m;
}

std::vector<std::string> Json::strings() const {
  if (!value_->is_array()) expected("an array of strings");
  std::vector<std::string> out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) out.push_back(at(i).string());
  return out;
}

}  // namespace ito::io
