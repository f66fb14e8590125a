// Where results go, checked before any work (io::check_writable), and what an interrupted run leaves
// (nothing): the library checks, then the CLI's behaviour for bad output paths, thread counts, commands and
// parameter files, and Ctrl-C.
#include "ito/io/output.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

// Runs a bash script (from the source directory; $ITO is the CLI) and returns what it printed.
std::string run_script(const std::filesystem::path& dir, const std::string& body) {
  const auto script = test::write_file(dir / "script.sh", "cd '" + std::string(ITO_SOURCE_DIR) + "'\nITO='" +
                                                              std::string(ITO_CLI) + "'\n" + body + "\n");
  const auto log = dir / "script.log";
  std::system(("bash '" + script.string() + "' > '" + log.string() + "' 2>&1").c_str());
  std::ifstream in(log);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CheckWritable, RefusesWhatCannotBeWrittenNamingThePath) {
  const auto dir = test::temp_dir("writable");
  EXPECT_NO_THROW(check_writable((dir / "r.h5").string()));
  test::expect_error<IoError>([] { check_writable(""); }, {"--out \"\"", "needs a name"});
  test::expect_error<IoError>([&] { check_writable(dir.string()); }, {dir.string(), "is a directory"});
  const auto missing = (dir / "no" / "r.h5").string();
  test::expect_error<IoError>([&] { check_writable(missing); }, {missing, "does not exist"});
  if (::geteuid() != 0) {  // permissions do not bind root
    const auto locked = dir / "locked";
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    test::expect_error<IoError>([&] { check_writable((locked / "r.h5").string()); }, {"not writable"});
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  }
}

TEST(PartialFiles, RegisteredFilesAreRemovedAndUnregisteredKept) {
  const auto dir = test::temp_dir("partial_files");
  const auto a = test::write_file(dir / "a.partial", "x"), b = test::write_file(dir / "b.partial", "x");
  partial_files().add(a.string());
  partial_files().add(b.string());
  partial_files().remove(b.string());
  partial_files().unlink_all();
  partial_files().remove(a.string());
  EXPECT_FALSE(std::filesystem::exists(a));
  EXPECT_TRUE(std::filesystem::exists(b));
}

// A missing or unwritable output is found before the computation: this run would take minutes.
TEST(CliOutput, BadOutputPathIsRefusedBeforeAnyNumerics) {
  const auto dir = test::temp_dir("cli_out");
  const std::string slow = "converge problems/converge_ou.toml --set study.paths=100000000 -q";
  auto r = test::run_cli(slow + " --out '" + (dir / "no" / "r.h5").string() + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find((dir / "no" / "r.h5").string() + ": cannot write results: directory"), std::string::npos)
      << r.output;
  r = test::run_cli(slow + " --out ''", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--out \"\""), std::string::npos) << r.output;
  r = test::run_cli(slow + " --out '" + dir.string() + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("is a directory"), std::string::npos) << r.output;
}

// A write error at the end (a full disk; here a file-size limit) is exit 2 naming the path, with nothing left.
TEST(CliOutput, WriteErrorExitsTwoAndLeavesNothing) {
  const auto dir = test::temp_dir("cli_full");
  const auto out = (dir / "c.h5").string();
  const std::string log = run_script(
      dir, "ulimit -f 8\n\"$ITO\" converge problems/converge_ou.toml --set study.paths=200 -q --out '" + out +
               "'\necho status=$?");
  EXPECT_NE(log.find("status=2"), std::string::npos) << log;
  EXPECT_NE(log.find(out + ": cannot write results"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

TEST(CliCommandLine, ThreadsAreBoundedWithAClearMessage) {
  const auto dir = test::temp_dir("cli_threads");
  const std::string limit = std::to_string(core::thread_limit());
  for (const std::string n : {"0", "100000", "-3", "two"}) {
    const auto r = test::run_cli("converge problems/converge_ou.toml --threads " + n + " -q --out r.h5", dir);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("--threads: expected a whole number from 1 to " + limit), std::string::npos) << r.output;
    EXPECT_LT(r.output.size(), 400u) << r.output;  // no 300-digit bound
  }
  const auto help = test::run_cli("converge --help", dir);
  EXPECT_NE(help.output.find("1 to " + limit), std::string::npos) << help.output;
}

// OpenMP threads wait passively (libgomp's GOMP_SPINCOUNT is 0: apps/openmp_wait.c sets OMP_WAIT_POLICY=passive
// before libgomp starts) unless the user chose a policy. libgomp prints its settings when it starts with
// OMP_DISPLAY_ENV=verbose. The results are the same bitwise whatever the policy and the thread count.
TEST(CliCommandLine, ThreadsWaitPassivelyUnlessTheUserChoseAPolicy) {
  const auto dir = test::temp_dir("cli_wait_policy");
  auto spincount = [](const std::string& log) {
    const auto at = log.find("GOMP_SPINCOUNT = '");
    if (at == std::string::npos) return std::string("(none)");
    const auto begin = at + 18;
    return log.substr(begin, log.find('\'', begin) - begin);
  };
  const std::string run = "OMP_DISPLAY_ENV=verbose \"$ITO\" converge problems/converge_ou.toml --set study.paths=200 -q";
  auto out = [&](const char* name) { return " --out '" + (dir / name).string() + "'\necho status=$?"; };
  std::string log = run_script(dir, run + " --threads 2" + out("two.h5"));
  EXPECT_NE(log.find("status=0"), std::string::npos) << log;
  EXPECT_EQ(spincount(log), "0") << log;
  log = run_script(dir, "OMP_WAIT_POLICY=active " + run + " --threads 2" + out("active.h5"));
  EXPECT_NE(log.find("status=0"), std::string::npos) << log;
  EXPECT_EQ(spincount(log), "30000000000") << log;
  log = run_script(dir, "GOMP_SPINCOUNT=1000 " + run + " --threads 2" + out("spin.h5"));
  EXPECT_EQ(spincount(log), "1000") << log;
  log = run_script(dir, run + " --threads 1" + out("one.h5"));
  EXPECT_NE(log.find("status=0"), std::string::npos) << log;
  const auto two = (dir / "two.h5").string();
  // Two threads are bound one per processor exactly when the process may run on two processors
  // (core::place_threads); one thread never is.
#if defined(__linux__)
  cpu_set_t mask;
  CPU_ZERO(&mask);
  ASSERT_EQ(sched_getaffinity(0, sizeof mask, &mask), 0);
  if (std::getenv("OMP_PROC_BIND") == nullptr && std::getenv("OMP_PLACES") == nullptr &&
      std::getenv("GOMP_CPU_AFFINITY") == nullptr) {
    EXPECT_EQ(io::read_string_attribute(two, "/", "thread_placement"),
              CPU_COUNT(&mask) == 2 ? "one_per_processor" : "left_to_system");
  }
#endif
  EXPECT_EQ(io::read_string_attribute((dir / "one.h5").string(), "/", "thread_placement"), "left_to_system");
  log = run_script(dir, "h5diff --exclude-attribute / '" + two + "' '" + (dir / "active.h5").string() +
                            "' && h5diff --exclude-attribute / '" + two + "' '" + (dir / "one.h5").string() +
                            "' && echo same");
  EXPECT_NE(log.find("same"), std::string::npos) << log;
}

TEST(CliCommandLine, UnknownCommandAndDirectoryAsParameterFileAreNamed) {
  const auto dir = test::temp_dir("cli_names");
  auto r = test::run_cli("convrge problems/converge_ou.toml", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("unknown command 'convrge'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("converge, feynman-kac, fit-prior, fokker-planck, mcmc"), std::string::npos) << r.output;
  r = test::run_cli("converge problems", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("problems: cannot read the parameter file: this is a directory"), std::string::npos)
      << r.output;
}

// An unknown key given by --set is reported at the --set, with the key as given.
TEST(CliCommandLine, UnknownKeyFromSetNamesTheSet) {
  const auto dir = test::temp_dir("cli_set");
  for (const std::string key : {"foo.bar", "study.foo.bar"}) {
    const auto r = test::run_cli("converge problems/converge_ou.toml --set " + key + "=1 --out r.h5", dir);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("--set " + key + "=1: key '" + key + "': unknown key"), std::string::npos) << r.output;
  }
}

// Ctrl-C: one line on stderr, exit 130, no file under any name.
TEST(CliInterrupt, SigintPrintsAMessageAndLeavesNoOutput) {
  const auto dir = test::temp_dir("cli_sigint");
  const auto out = (dir / "r.h5").string();
  const std::string text = run_script(dir, "\"$ITO\" converge problems/converge_ou.toml --set study.paths=100000000 -q --out '" +
                                               out + "' &\npid=$!\nsleep 2\nkill -INT $pid\nwait $pid\necho status=$?");
  EXPECT_NE(text.find("ito converge: interrupted (SIGINT); no results written"), std::string::npos) << text;
  EXPECT_NE(text.find("status=130"), std::string::npos) << text;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

}  // namespace
}  // namespace ito::io
