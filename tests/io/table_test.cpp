// Numeric tables: CSV with a header (comments, blank lines, quotes) and HDF5 datasets, with errors naming
// the file, line, row and column.
#include "ito/io/table.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <string>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

TEST(Table, ReadsCsvWithHeaderCommentsAndQuotes) {
  const auto dir = test::temp_dir("table_csv");
  const auto csv =
      test::write_file(dir / "t.csv", "# provenance line\n\n\"x1\", y ,x2\r\n1.0,0,0.5\n# mid\n-1e-3,\"1\",2\n");
  const Table t = read_csv(csv.string());
  EXPECT_EQ(t.source, csv.string());
  EXPECT_EQ(t.columns, (std::vector<std::string>{"x1", "y", "x2"}));
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.values(1, 0), -1e-3);
  EXPECT_EQ(t.column("y"), Eigen::Vector2d(0.0, 1.0));
  EXPECT_EQ(t.column_index("x2"), 2);
  EXPECT_TRUE(t.has_column("x1"));
  EXPECT_FALSE(t.has_column("z"));
  // A header alone is a table of no rows.
  EXPECT_EQ(read_csv(test::write_file(dir / "h.csv", "a,b\n").string()).rows(), 0);
  std::filesystem::remove_all(dir);
}

TEST(Table, CsvErrorsNameFileLineRowAndColumn) {
  const auto dir = test::temp_dir("table_errors");
  const auto text = test::write_file(dir / "text.csv", "# c\nx,y\n1,2\n3,abc\n");
  test::expect_error<IoError>([&] { read_csv(text.string()); },
                              {"text.csv:4: row 2, column 'y': 'abc' is not a number"});
  const auto empty_cell = test::write_file(dir / "empty.csv", "x,y\n1,\n");
  test::expect_error<IoError>([&] { read_csv(empty_cell.string()); },
                              {"empty.csv:2: row 1, column 'y': '' is not a number"});
  const auto ragged = test::write_file(dir / "ragged.csv", "x,y\n1,2\n3\n");
  test::expect_error<IoError>([&] { read_csv(ragged.string()); },
                              {"ragged.csv:3: row 2 has 1 cells, the header has 2 columns"});
  const auto nothing = test::write_file(dir / "nothing.csv", "# only a comment\n");
  test::expect_error<IoError>([&] { read_csv(nothing.string()); }, {"nothing.csv: empty CSV file"});
  const auto ok = test::write_file(dir / "ok.csv", "a,b\n1,2\n");
  test::expect_error<IoError>([&] { read_csv(ok.string()).column("y"); }, {"ok.csv: no column 'y' (columns: a, b)"});
  test::expect_error<IoError>([] { read_csv("no/such.csv"); }, {"no/such.csv: cannot open CSV file (no such file"});
  // strtod reads nan and inf; a data set may hold neither
  for (const char* bad : {"nan", "NaN", "inf", "-Infinity"}) {
    const auto f = test::write_file(dir / "nan.csv", std::string("y,sigma\n28,15\n") + bad + ",10\n");
    test::expect_error<IoError>([&] { read_csv(f.string()); },
                                {"nan.csv:3: row 2, column 'y': '" + std::string(bad) + "' is not a finite number"});
  }
  std::filesystem::remove_all(dir);
}

TEST(Table, Hdf5MatricesAreRowMajorAndVectorsMayBeColumns) {
  const auto dir = test::temp_dir("table_h5");
  const auto path = (dir / "d.h5").string();
  {
    ResultFile h5(path);
    h5.write("/X", std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
    h5.write("/y", std::vector<double>{0.5, 1.5, 2.5});
    h5.write("/column", std::vector<double>{7, 8}, {2, 1});
    h5.write("/cube", std::vector<double>(8, 0.0), {2, 2, 2});
    h5.commit();
  }
  const Eigen::MatrixXd X = read_hdf5_matrix(path, "X");
  ASSERT_EQ(X.rows(), 3);
  const auto nan_path = (dir / "nan.h5").string();
  {
    ResultFile h5(nan_path);
    h5.write("/X", std::vector<double>{1, 2, 3, NAN}, {2, 2});
    h5.write("/y", std::vector<double>{0.5, INFINITY});
    h5.commit();
  }
  test::expect_error<IoError>([&] { read_hdf5_matrix(nan_path, "X"); },
                              {"nan.h5: dataset 'X', row 2, column 2: nan is not a finite number"});
  test::expect_error<IoError>([&] { read_hdf5_vector(nan_path, "y"); },
                              {"nan.h5: dataset 'y', entry 2: inf is not a finite number"});
  ASSERT_EQ(X.cols(), 2);
  EXPECT_EQ(X(1, 0), 3.0);
  EXPECT_EQ(read_hdf5_vector(path, "y"), Eigen::Vector3d(0.5, 1.5, 2.5));
  EXPECT_EQ(read_hdf5_vector(path, "column"), Eigen::Vector2d(7, 8));
  test::expect_error<IoError>([&] { read_hdf5_matrix(path, "y"); },
                              {"d.h5: dataset 'y' must be 2-D (rows × columns), has shape [3]"});
  test::expect_error<IoError>([&] { read_hdf5_vector(path, "cube"); },
                              {"d.h5: dataset 'cube' must be 1-D, has shape [2, 2, 2]"});
  test::expect_error<IoError>([&] { read_hdf5_vector(path, "missing"); }, {"d.h5", "missing"});
  test::expect_error<IoError>([] { read_hdf5_vector("no/such.h5", "y"); }, {"no/such.h5: cannot open HDF5 file"});
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ito::io
