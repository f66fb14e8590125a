#pragma once
// Errors that reach the user. Every ito error says what was wrong, where, and what was expected;
// the CLI maps them to exit status 2 and writes no output file.
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ito {

/// Base class of all ito errors (bad input, numerical blow-up, I/O failure).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parameter-file or command-line value is missing, unknown, of the wrong type or out of range.
/// The message starts with "file:line:column:" when the location is known.
class ParameterError : public Error {
 public:
  using Error::Error;
};

/// A numerical computation produced a non-finite value; the message names the path and step.
class NumericalError : public Error {
 public:
  using Error::Error;
};

/// A run would exceed a stated bound on its work (a command's max_path_steps or time.max_steps); the message
/// gives the estimate and the bound.
class WorkLimitError : public Error {
 public:
  using Error::Error;
};

/// Reading or writing a file failed.
class IoError : public Error {
 public:
  using Error::Error;
};

namespace detail {
/// A part of a message as it is written: a NaN prints as "nan" whatever its sign bit (glibc writes "-nan",
/// which reads like a negative number).
template <class T>
const T& message_part(const T& part) {
  return part;
}
inline double message_part(double part) { return std::isnan(part) ? std::fabs(part) : part; }

template <class E, class... Parts>
[[noreturn]] void throw_error(const Parts&... parts) {
  std::ostringstream os;
  (os << ... << message_part(parts));
  throw E(os.str());
}
}  // namespace detail

}  // namespace ito

/// ITO_REQUIRE(cond, "what" << value) throws ito::Error naming the function when cond is false.
#define ITO_REQUIRE(cond, msg)                                   \
  do {                                                           \
    if (!(cond)) {                                               \
      std::ostringstream ito_require_os_;                        \
      ito_require_os_ << __func__ << ": " << msg;                \
      throw ::ito::Error(ito_require_os_.str());                 \
    }                                                            \
  } while (0)
