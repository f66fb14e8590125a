#include "ito/mcmc/data_json.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ito/core/error.hpp"

namespace ito::mcmc {

class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& source) : text_(text), source_(source) {}

  JsonValue document() {
    JsonValue v = value(0);
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    ito::detail::throw_error<IoError>(source_, ":", line, ":", column, ": invalid JSON: ", message);
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  char peek() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end of input");
    return text_[pos_];
  }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  bool literal(const char* word) {
    const std::string w(word);
    if (text_.compare(pos_, w.size(), w) == 0) {
      pos_ += w.size();
      return true;
    }
    return false;
  }

  JsonValue make(JsonValue::Kind kind) {
    JsonValue v;
    v.kind_ = kind;
    v.source_ = source_;
    return v;
  }

  JsonValue value(int depth) {
    if (depth > 64) fail("nesting deeper than 64 levels");
    const char c = peek();
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      JsonValue v = make(JsonValue::Kind::string);
      v.string_ = string_literal();
      return v;
    }
    for (const bool truth : {true, false}) {
      if (literal(truth ? "true" : "false")) {
        JsonValue v = make(JsonValue::Kind::boolean);
        v.boolean_ = truth;
        return v;
      }
    }
    if (literal("null")) return make(JsonValue::Kind::null);
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    // Non-standard but written by some R/Python exporters.
    if (literal("NaN")) {
      JsonValue v = make(JsonValue::Kind::number);
      v.number_ = std::nan("");
      return v;
    }
    fail(std::string("unexpected character '") + c + "'");
  }

  JsonValue number() {
    const char* begin = text_.c_str() + pos_;
    char* end = nullptr;
    const double x = std::strtod(begin, &end);
    if (end == begin) fail("malformed number");
    pos_ += static_cast<std::size_t>(end - begin);
    JsonValue v = make(JsonValue::Kind::number);
    v.number_ = x;
    return v;
  }

  std::string string_literal() {
    expect('"');
    std::string s;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return s;
      if (c != '\\') {
        s += c;
        continue;
      }
      if (pos_ >= text_.size()) fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"': s += '"'; break;
        case '\\': s += '\\'; break;
        case '/': s += '/'; break;
        case 'b': s += '\b'; break;
        case 'f': s += '\f'; break;
        case 'n': s += '\n'; break;
        case 'r': s += '\r'; break;
        case 't': s += '\t'; break;
        case 'u': {
          if (pos_ + 4 > text_.size()) fail("short \\u escape");
          const unsigned code = static_cast<unsigned>(std::stoul(text_.substr(pos_, 4), nullptr, 16));
          pos_ += 4;
          if (code < 0x80) {
            s += static_cast<char>(code);
          } else if (code < 0x800) {
            s += static_cast<char>(0xC0 | (code >> 6));
            s += static_cast<char>(0x80 | (code & 0x3F));
          } else {
            s += static_cast<char>(0xE0 | (code >> 12));
            s += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (code & 0x3F));
          }
          break;
        }
        default: fail(std::string("unknown escape \\") + e);
      }
    }
  }

  JsonValue array(int depth) {
    expect('[');
    JsonValue v = make(JsonValue::Kind::array);
    if (peek() == ']') {
      ++pos_;
      return v;
    }
    while (true) {
      v.array_.push_back(value(depth + 1));
      const char c = peek();
      ++pos_;
      if (c == ']') return v;
      if (c != ',') fail("expected ',' or ']' in array");
    }
  }

  JsonValue object(int depth) {
    expect('{');
    JsonValue v = make(JsonValue::Kind::object);
    if (peek() == '}') {
      ++pos_;
      return v;
    }
    while (true) {
      if (peek() != '"') fail("expected a string key");
      std::string key = string_literal();
      expect(':');
      v.object_.emplace_back(std::move(key), value(depth + 1));
      const char c = peek();
      ++pos_;
      if (c == '}') return v;
      if (c != ',') fail("expected ',' or '}' in object");
    }
  }

  const std::string& text_;
  const std::string& source_;
  std::size_t pos_ = 0;
};

void JsonValue::type_error(const std::string& what, const char* expected) const {
  ito::detail::throw_error<IoError>(source_, ": ", what, ": expected ", expected);
}

bool JsonValue::contains(const std::string& key) const {
  for (const auto& [k, v] : object_)
    if (k == key) return true;
  return false;
}

const JsonValue& JsonValue::at(const std::string& key) const {
  if (kind_ != Kind::object) type_error("looking up '" + key + "'", "an object");
  for (const auto& [k, v] : object_)
    if (k == key) return v;
  ito::detail::throw_error<IoError>(source_, ": key '", key, "' missing");
}

double JsonValue::number(const std::string& what) const {
  if (kind_ != Kind::number) type_error(what, "a number");
  return number_;
}

long long JsonValue::integer(const std::string& what) const {
  const double x = number(what);
  if (!(std::floor(x) == x) || std::abs(x) > 9.0e15) type_error(what, "an integer");
  return static_cast<long long>(x);
}

const std::string& JsonValue::string(const std::string& what) const {
  if (kind_ != Kind::string) type_error(what, "a string");
  return string_;
}

Eigen::VectorXd JsonValue::numbers(const std::string& what) const {
  if (kind_ == Kind::number) return Eigen::VectorXd::Constant(1, number_);
  if (kind_ != Kind::array) type_error(what, "an array of numbers");
  Eigen::VectorXd v(static_cast<Eigen::Index>(array_.size()));
  for (std::size_t i = 0; i < array_.size(); ++i) v(static_cast<Eigen::Index>(i)) = array_[i].number(what + "[" + std::to_string(i) + "]");
  return v;
}

Eigen::MatrixXd JsonValue::matrix(const std::string& what) const {
  if (kind_ != Kind::array) type_error(what, "an array of rows");
  if (array_.empty()) return Eigen::MatrixXd(0, 0);
  const Eigen::Index cols = array_.front().numbers(what + "[0]").size();
  Eigen::MatrixXd m(static_cast<Eigen::Index>(array_.size()), cols);
  for (std::size_t i = 0; i < array_.size(); ++i) {
    const Eigen::VectorXd row = array_[i].numbers(what + "[" + std::to_string(i) + "]");
    if (row.size() != cols)
      ito::detail::throw_error<IoError>(source_, ": ", what, ": row ", i, " has ", row.size(), " entries, row 0 has ", cols);
    m.row(static_cast<Eigen::Index>(i)) = row.transpose();
  }
  return m;
}

std::vector<std::string> JsonValue::strings(const std::string& what) const {
  if (kind_ != Kind::array) type_error(what, "an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array_.size(); ++i) out.push_back(array_[i].string(what + "[" + std::to_string(i) + "]"));
  return out;
}

JsonValue parse_json(const std::string& text, const std::string& source) { return JsonParser(text, source).document(); }

JsonValue read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(path);
    ito::detail::throw_error<IoError>(path, ": cannot open JSON file (", exists ? "unreadable" : "no such file",
                                 "; relative paths are taken from the working directory ",
                                 std::filesystem::current_path().string(), ")");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json(ss.str(), path);
}

}  // namespace ito::mcmc
