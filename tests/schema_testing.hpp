#pragma once
// Checks that a command's parameter table (io::Schema) and its reader agree, for every command on a schema:
//
// expect_defaults_as_stated: over a set of minimal problem files, every row with a stated default is read
//   (by some minimal problem where its condition holds and the key is absent), and reading the problem with
//   the key set to that stated default (`--set key=<default>`) gives the same effective parameters as without
//   it; setting the key to another valid value changes them (so the key is not read and then ignored). Every
//   key the reader asks io::Params for is a key of the table.
// expect_help_lists_the_table: `ito <command> --help` lists exactly the rows of io::common_schema() and of
//   the command's table, in order, each with the default the table states.
//
// The parameters type must be equality comparable (a defaulted operator==).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/io/schema.hpp"
#include "test_support.hpp"

namespace ito::test {

template <class Parameters>
struct SchemaCheck {
  const io::Schema& schema;
  std::function<Parameters(io::SchemaReader&)> read;
  /// Minimal problem files (TOML text); between them every row with a stated default must apply in one that
  /// does not set the key.
  std::vector<std::string> minimal;
  /// Other values for keys the automatic alternatives cannot vary (free strings) or whose other values need
  /// other keys changed too: override sets, each starting with key=value, tried after the automatic ones.
  std::map<std::string, std::vector<std::vector<std::string>>> alternatives = {};
};

namespace detail {

template <class Parameters>
struct Reading {
  Parameters value;
  std::vector<std::size_t> rows;
  std::set<std::string, std::less<>> used;
};

template <class Parameters>
Reading<Parameters> read_text(const SchemaCheck<Parameters>& c, const std::string& text,
                              const std::vector<std::string>& overrides) {
  auto params = io::Params::from_string(text, "minimal.toml", overrides);
  io::SchemaReader reader(c.schema, params);
  Parameters value = c.read(reader);
  return {std::move(value), reader.rows_read(), params.used_keys()};
}

/// `key` is a row of the table, or a name in one of its named_reals tables.
inline bool in_table(const io::Schema& s, const std::string& key) {
  return std::any_of(s.keys().begin(), s.keys().end(), [&](const io::Key& k) {
    return k.name == key || (io::is_named_table(k.type) && key.rfind(k.name + ".", 0) == 0);
  });
}

/// Other values of a row, as TOML literals: other choices, a changed expression, numbers moved inside the
/// range. Several, since a cross-key check may refuse one.
inline std::vector<std::string> other_values(const io::Key& k) {
  std::vector<std::string> out;
  io::Key v = k;
  const auto literal = [&](io::Default d) {
    v.fallback = std::move(d);
    return v.default_literal();
  };
  const auto moved = [&](double d) {
    std::vector<double> c{d + 1, 2 * d, d / 2, d - 1};
    if (k.range.max) c.push_back(0.5 * (d + *k.range.max));
    if (k.range.min) c.push_back(0.5 * (d + *k.range.min));
    std::vector<double> ok;
    for (double x : c)
      if (x != d && k.range.contains(x)) ok.push_back(x);
    return ok;
  };
  switch (k.type) {
    case io::KeyType::boolean:
      out.push_back(std::get<bool>(k.fallback) ? "false" : "true");
      break;
    case io::KeyType::string:
      for (const auto& c : k.choices)
        if (c != std::get<std::string>(k.fallback)) out.push_back(literal(c));
      break;
    case io::KeyType::expression: {
      const auto& e = std::get<std::string>(k.fallback);
      out.push_back(literal(e.empty() ? std::string("1") : "(" + e + ") + 1"));
      break;
    }
    case io::KeyType::real:
      for (double x : moved(std::get<double>(k.fallback))) out.push_back(literal(x));
      break;
    case io::KeyType::integer:
      for (double x : moved(static_cast<double>(std::get<std::int64_t>(k.fallback))))
        if (x == std::floor(x)) out.push_back(literal(static_cast<std::int64_t>(x)));
      break;
    case io::KeyType::reals: {
      const auto& d = std::get<std::vector<double>>(k.fallback);
      for (double f : {2.0, 0.5}) {
        std::vector<double> x = d;
        for (double& e : x) e = e == 0 ? f : e * f;
        if (std::all_of(x.begin(), x.end(), [&](double e) { return k.range.contains(e); })) out.push_back(literal(x));
      }
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace detail

template <class Parameters>
void expect_defaults_as_stated(const SchemaCheck<Parameters>& c) {
  const auto& keys = c.schema.keys();
  std::vector<detail::Reading<Parameters>> base;
  for (const auto& text : c.minimal) {
    try {
      base.push_back(detail::read_text(c, text, {}));
    } catch (const Error& e) {
      FAIL() << "minimal problem does not read: " << e.what() << "\n" << text;
    }
    for (const auto& key : base.back().used)
      EXPECT_TRUE(detail::in_table(c.schema, key)) << "the reader reads '" << key << "', which the table lacks";
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const io::Key& k = keys[i];
    if (!k.has_literal_default()) continue;
    const std::string what = k.name + (k.conditions.empty() ? "" : " [" + k.condition_text() + "]");
    std::size_t j = 0;
    for (; j < c.minimal.size(); ++j) {
      const auto& rows = base[j].rows;
      if (std::find(rows.begin(), rows.end(), i) != rows.end() &&
          !io::Params::from_string(c.minimal[j], "minimal.toml").has(k.name))
        break;
    }
    if (j == c.minimal.size()) {
      ADD_FAILURE() << what << ": no minimal problem reads this row without setting the key";
      continue;
    }
    const auto stated = detail::read_text(c, c.minimal[j], {k.name + "=" + k.default_literal()});
    EXPECT_TRUE(stated.value == base[j].value) << what << ": absent and = " << k.default_literal() << " differ";
    EXPECT_NE(std::find(stated.rows.begin(), stated.rows.end(), i), stated.rows.end()) << what;

    std::vector<std::vector<std::string>> tries;  // the key alone first, then the given sets
    for (const auto& v : detail::other_values(k)) tries.push_back({k.name + "=" + v});
    if (auto it = c.alternatives.find(k.name); it != c.alternatives.end())
      tries.insert(tries.end(), it->second.begin(), it->second.end());
    bool varied = false;
    for (const auto& overrides : tries) {
      try {
        const auto other = detail::read_text(c, c.minimal[j], overrides);
        EXPECT_FALSE(other.value == base[j].value) << what << ": " << overrides[0] << " changes nothing";
        varied = true;
        break;
      } catch (const Error&) {
        // a cross-key check (or the data behind the key) refused this value: try the next
      }
    }
    EXPECT_TRUE(varied) << what << ": no other value reads (give one in SchemaCheck::alternatives)";
  }
}

/// (section, "  name = default") for every row, as --help prints them.
inline std::vector<std::pair<std::string, std::string>> help_rows(const io::Schema& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& k : s.keys()) {
    const bool table = io::is_named_table(k.type);
    const auto dot = k.name.rfind('.');
    const std::string section = table ? k.name : dot == std::string::npos ? "" : k.name.substr(0, dot);
    const std::string name = table ? "<name>" : k.name.substr(dot == std::string::npos ? 0 : dot + 1);
    out.emplace_back(section, "  " + name + k.default_text());
  }
  return out;
}

inline void expect_help_lists_the_table(const std::string& command, const io::Schema& schema) {
  const auto dir = temp_dir("help_" + command);
  const auto r = run_cli(command + " --help", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<std::pair<std::string, std::string>> listed;
  std::istringstream in(r.output.substr(r.output.find("Parameter keys")));
  std::string line, section;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
    } else if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ' && line[2] != '#') {
      listed.emplace_back(section, line.substr(0, line.find("  ", 2)));
    }
  }
  auto expected = help_rows(io::common_schema());
  const auto rows = help_rows(schema);
  expected.insert(expected.end(), rows.begin(), rows.end());
  ASSERT_EQ(listed.size(), expected.size()) << r.output;
  for (std::size_t i = 0; i < listed.size(); ++i) EXPECT_EQ(listed[i], expected[i]) << "entry " << i;
}

}  // namespace ito::test
