#pragma once
// Memory a run may use, checked before it allocates. A command estimates the bytes its largest arrays will
// take from its parameters (in double precision, so that products of large sizes cannot overflow) and
// refuses, naming the keys that drive the estimate, what cannot fit, instead of failing with
// std::bad_alloc half-way through (or being killed by the kernel's OOM killer).
//
// "Available" is MemAvailable of /proc/meminfo (the kernel's estimate of what can be allocated without
// swapping), lowered to the free part of the cgroup (v2) memory limit when the process runs under one.
#include <cstdint>
#include <optional>
#include <string>

namespace ito::core {

/// Bytes this process can still allocate, or nullopt when the system does not say (no /proc/meminfo).
std::optional<double> available_memory();

/// "812 bytes", "3.4 MB", "6.1 GB", "8.0e+05 GB" (decimal units).
std::string format_bytes(double bytes);

/// Empty when `bytes` fits into `available` (or nothing is known about the available memory); otherwise the
/// sentence that says so: "needs about 6.4 GB of memory (<what>), more than the 3.1 GB available".
std::string memory_refusal(double bytes, const std::string& what,
                           std::optional<double> available = available_memory());

}  // namespace ito::core
