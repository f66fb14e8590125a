#pragma once
// ITO_REQUIRE_PARAMETER(cond, "what" << value): throws ito::ParameterError (bad input: exit status 2 at the
// CLI) when cond is false; the message is the caller's alone (it names the key or the argument).
#include <sstream>

#include "ito/core/error.hpp"

#define ITO_REQUIRE_PARAMETER(cond, msg)                  \
  do {                                                    \
    if (!(cond)) {                                        \
      std::ostringstream ito_require_os_;                 \
      ito_require_os_ << msg;                             \
      throw ::ito::ParameterError(ito_require_os_.str()); \
    }                                                     \
  } while (0)
