#pragma once
// Where the tests find the project root, the built CLI and mpirun. The strings live in one file CMake
// generates in the build tree (build/tests/test_paths.cpp, library ito_test_paths), not on every test's
// compile line, so that the tests' objects do not depend on where the checkout is: a clone elsewhere reuses
// them from ccache (validation/test.sh sets CCACHE_BASEDIR).
namespace ito::test_paths {
const char* source_dir();  // the project root (problems/, data/, ../shared/data)
const char* cli();         // build/bin/ito
const char* mpiexec();     // mpirun, when CMake found MPI ("" otherwise)
}  // namespace ito::test_paths

#define ITO_SOURCE_DIR (::ito::test_paths::source_dir())
#define ITO_CLI (::ito::test_paths::cli())
#define ITO_MPIEXEC (::ito::test_paths::mpiexec())
