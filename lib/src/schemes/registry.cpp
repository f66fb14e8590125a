#include "ito/schemes/registry.hpp"

#include <utility>

namespace ito::schemes {
namespace {

template <std::size_t I = 0>
std::optional<AnyScheme> find(std::string_view name) {
  if constexpr (I < std::variant_size_v<AnyScheme>) {
    using S = std::variant_alternative_t<I, AnyScheme>;
    if (name == S::name) return AnyScheme{S{}};
    return find<I + 1>(name);
  } else {
    return std::nullopt;
  }
}

}  // namespace

const std::vector<std::string>& scheme_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (out.emplace_back(std::variant_alternative_t<I, AnyScheme>::name), ...);
    }(std::make_index_sequence<std::variant_size_v<AnyScheme>>{});
    return out;
  }();
  return names;
}

std::optional<std::string_view> renamed_scheme(std::string_view old_name) {
  if (old_name == "euler") return EulerMaruyama::name;
  return std::nullopt;
}

AnyScheme scheme_by_name(std::string_view name) {
  if (auto s = find(name)) return *s;
  std::ostringstream os;
  if (const auto now = renamed_scheme(name)) {
    os << "scheme '" << name << "' is now spelled '" << *now << "'";
  } else {
    os << "unknown scheme '" << name << "' (known:";
    for (const auto& n : scheme_names()) os << ' ' << n;
    os << ')';
  }
  throw ParameterError(os.str());
}

}  // namespace ito::schemes
