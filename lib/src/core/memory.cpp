#include "ito/core/memory.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace ito::core {
namespace {

// A number from a one-line file such as /sys/fs/cgroup/memory.max ("max" or absent: nullopt).
std::optional<double> read_number(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    return std::stod(word);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<double> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    double kib = 0;
    if (fields >> kib) return kib * 1024.0;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> available_memory() {
  std::optional<double> available = mem_available();
  const auto limit = read_number("/sys/fs/cgroup/memory.max");
  const auto used = read_number("/sys/fs/cgroup/memory.current");
  if (limit && used) {
    const double room = std::max(0.0, *limit - *used);
    available = available ? std::min(*available, room) : room;
  }
  return available;
}

std::string format_bytes(double bytes) {
  char buf[64];
  if (bytes < 1e3)
    std::snprintf(buf, sizeof buf, "%.0f bytes", bytes);
  else if (bytes < 1e6)
    std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
  else if (bytes < 1e9)
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  else if (bytes < 1e13)
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  else
    std::snprintf(buf, sizeof buf, "%.1e GB", bytes / 1e9);
  return buf;
}

std::string memory_refusal(double bytes, const std::string& what, std::optional<double> available) {
  if (!available || bytes <= *available) return {};
  return "needs about " + format_bytes(bytes) + " of memory (" + what + "), more than the " +
         format_bytes(*available) + " available";
}

}  // namespace ito::core
