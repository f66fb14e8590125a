// JSON documents through nlohmann/json: values, the Stan data conventions (a scalar is a length-1 vector,
// matrices are arrays of rows), and errors that name the file and the JSON path (or line and column).
#include "ito/io/json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ito/core/error.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

TEST(Json, ReadsNumbersStringsArraysAndMatrices) {
  const Json v = Json::parse(R"({"a": [1, 2.5e1, -3], "m": [[1, 2], [3, 4]], "s": "x\"\u00e9", "t": true,
                                 "n": null, "J": 8, "names": ["mu", "tau"]})",
                             "doc.json");
  EXPECT_EQ(v.at("a").numbers(), Eigen::Vector3d(1.0, 25.0, -3.0));
  EXPECT_EQ(v.at("m").matrix()(1, 0), 3.0);
  EXPECT_EQ(v.at("m").matrix().cols(), 2);
  EXPECT_EQ(v.at("s").string(), "x\"\xc3\xa9");
  EXPECT_TRUE(v.at("t").boolean());
  EXPECT_TRUE(v.at("n").is_null());
  EXPECT_EQ(v.at("J").integer(), 8);
  EXPECT_EQ(v.at("names").strings(), (std::vector<std::string>{"mu", "tau"}));
  EXPECT_EQ(v.at("a").size(), 3u);
  EXPECT_TRUE(v.contains("J"));
  EXPECT_FALSE(v.contains("K"));
  EXPECT_EQ(v.at("m").at(1).at(0).path(), "$.m[1][0]");
  // A number alone is a vector of one (Stan's data format).
  EXPECT_EQ(Json::parse("7", "doc").numbers().size(), 1);
  // Integer-valued floating-point numbers count as integers.
  EXPECT_EQ(Json::parse("5.0", "doc").integer(), 5);
}

TEST(Json, DecimalTextGivesTheCorrectlyRoundedDouble) {
  // strtod's (correctly rounded) value, which the CSV reader gives too: the same data read from JSON and
  // from CSV are the same doubles.
  for (const char* text : {"0.729385275296256", "-36.1362446966118", "1e-300", "123456789012345678"})
    EXPECT_EQ(Json::parse(text, "doc").number(), std::strtod(text, nullptr)) << text;
}

TEST(Json, ErrorsNameTheFileAndTheJsonPath) {
  const Json v = Json::parse(R"({"sigma": [15, 10, "x"], "J": 8.5, "y": 1})", "data.json");
  test::expect_error<IoError>([&] { v.at("sigma").numbers(); },
                              {"data.json: $.sigma[2]: expected a number, got a string"});
  test::expect_error<IoError>([&] { v.at("tau"); }, {"data.json: $: key 'tau' missing"});
  test::expect_error<IoError>([&] { v.at("J").integer(); }, {"data.json: $.J: expected an integer"});
  test::expect_error<IoError>([&] { v.at("y").at("z"); }, {"data.json: $.y: expected an object, got a number"});
  test::expect_error<IoError>([&] { v.at("sigma").at(5); }, {"$.sigma: index 5 out of range (3 elements)"});
  test::expect_error<IoError>([] { Json::parse("[[1, 2], [3]]", "m.json").matrix(); },
                              {"m.json: $[1]: row has 1 entries, row 0 has 2"});
  test::expect_error<IoError>([] { Json::parse("{\"a\": 1}", "s.json").strings(); },
                              {"s.json: $: expected an array of strings"});
}

TEST(Json, SyntaxErrorsNameLineAndColumn) {
  test::expect_error<IoError>([] { Json::parse("{\n  \"a\": [1, 2,\n}", "bad.json"); }, {"bad.json:3:1: invalid JSON"});
  test::expect_error<IoError>([] { Json::parse("{\"a\": 1} x", "bad.json"); }, {"bad.json:1:10: invalid JSON"});
  // RFC 8259 has no NaN.
  test::expect_error<IoError>([] { Json::parse("[1, NaN]", "nan.json"); }, {"nan.json:1:5: invalid JSON"});
  // A bad \u escape (once "internal error: stoul"): nlohmann reports it with its position.
  test::expect_error<IoError>([] { Json::parse("{\"x\": \"\\uZZZZ\"}", "u.json"); },
                              {"u.json:1:", "invalid JSON", "'\\u' must be followed by 4 hex digits"});
}

TEST(Json, MissingFileIsAnIoErrorNamingIt) {
  test::expect_error<IoError>([] { Json::read_file("no/such/file.json"); }, {"no/such/file.json", "no such file"});
  const auto dir = test::temp_dir("json");
  const auto file = test::write_file(dir / "d.json", "{\"y\": [1.5, 2]}");
  const Json d = Json::read_file(file.string());
  EXPECT_EQ(d.source(), file.string());
  EXPECT_EQ(d.at("y").numbers()(0), 1.5);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ito::io
