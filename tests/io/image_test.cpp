// Grayscale PNG images: bitwise round trips of byte values, the conversions of colour, palette, low-bit,
// 16-bit and alpha images to 8-bit gray against values worked by hand, the grid of tiles, and the errors (a
// missing file, a text file named .png, a truncated or corrupt PNG, an image too large, a non-finite pixel).
//
// The colour files are made by a minimal PNG encoder written here (uncompressed deflate blocks, CRC-32 and
// Adler-32 by their definitions), independent of libpng, so that the reader is checked against files it did
// not write.
#include "ito/io/image.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t crc32(const Bytes& data) {
  std::uint32_t c = 0xffffffffU;
  for (std::uint8_t byte : data) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1U)));
  }
  return c ^ 0xffffffffU;
}

void put32(Bytes& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void chunk(Bytes& png, const char* type, const Bytes& data) {
  put32(png, static_cast<std::uint32_t>(data.size()));
  Bytes body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  png.insert(png.end(), body.begin(), body.end());
  put32(png, crc32(body));
}

// zlib stream of `raw` in stored (uncompressed) deflate blocks.
Bytes zlib_stored(const Bytes& raw) {
  Bytes z{0x78, 0x01};
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
    z.push_back(pos + n == raw.size() ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(n & 0xff));
    z.push_back(static_cast<std::uint8_t>(n >> 8));
    z.push_back(static_cast<std::uint8_t>(~n & 0xff));
    z.push_back(static_cast<std::uint8_t>((~n >> 8) & 0xff));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos),
             raw.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  } while (pos < raw.size());
  std::uint32_t a = 1, b = 0;
  for (std::uint8_t v : raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  put32(z, (b << 16) | a);
  return z;
}

// A PNG of `width` × `height` with the given colour type and bit depth; `rows` holds each row's packed sample
// bytes (without the filter byte); `plte` is a palette's RGB triples.
Bytes make_png(std::uint32_t width, std::uint32_t height, int color_type, int bit_depth, const std::vector<Bytes>& rows,
               const Bytes& plte = {}) {
  Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr.insert(ihdr.end(), {static_cast<std::uint8_t>(bit_depth), static_cast<std::uint8_t>(color_type), 0, 0, 0});
  chunk(png, "IHDR", ihdr);
  if (!plte.empty()) chunk(png, "PLTE", plte);
  Bytes raw;
  for (const Bytes& r : rows) {
    raw.push_back(0);  // filter: none
    raw.insert(raw.end(), r.begin(), r.end());
  }
  chunk(png, "IDAT", zlib_stored(raw));
  chunk(png, "IEND", {});
  return png;
}

// An 8-bit gray PNG, Adam7-interlaced: the seven passes' reduced images one after the other, each row with its
// filter byte (a pass with no pixels is left out).
Bytes make_interlaced_gray(std::uint32_t width, std::uint32_t height, const Bytes& pixels) {
  Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 0, 0, 0, 1});
  chunk(png, "IHDR", ihdr);
  const std::uint32_t pass[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                    {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};  // x0, y0, dx, dy
  Bytes raw;
  for (const auto& [x0, y0, dx, dy] : pass) {
    if (x0 >= width || y0 >= height) continue;
    for (std::uint32_t y = y0; y < height; y += dy) {
      raw.push_back(0);
      for (std::uint32_t x = x0; x < width; x += dx) raw.push_back(pixels[y * width + x]);
    }
  }
  chunk(png, "IDAT", zlib_stored(raw));
  chunk(png, "IEND", {});
  return png;
}

std::string save(const std::filesystem::path& p, const Bytes& bytes) {
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

// The bytes of an image read back (value · 255, which read_png makes exact).
std::vector<int> bytes_of(const Image& image) {
  std::vector<int> out;
  for (Eigen::Index i = 0; i < image.size(); ++i) {
    const double b = image.pixels[i] * 255.0;
    EXPECT_EQ(b, std::round(b)) << "pixel " << i << " is not a byte / 255";
    out.push_back(static_cast<int>(std::lround(b)));
  }
  return out;
}

TEST(Image, EveryByteValueRoundTripsBitwise) {
  const auto dir = test::temp_dir("image_round_trip");
  Image image(16, 24);  // not square: rows and columns cannot be swapped unnoticed
  for (Eigen::Index i = 0; i < image.size(); ++i) image.pixels[i] = static_cast<double>((i * 7) % 256) / 255.0;
  const std::string path = (dir / "bytes.png").string();
  write_png(path, image);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const Image back = read_png(path);
  EXPECT_EQ(back.rows, 16);
  EXPECT_EQ(back.cols, 24);
  EXPECT_EQ(back.format, "8-bit gray");
  ASSERT_EQ(back.size(), image.size());
  for (Eigen::Index i = 0; i < image.size(); ++i) EXPECT_EQ(back.pixels[i], image.pixels[i]) << "pixel " << i;
  EXPECT_EQ(back(1, 0), image.pixels[24]);  // row-major
  // and a file written by another encoder reads the same bytes
  std::vector<Bytes> rows(2);
  for (int c = 0; c < 256; ++c) rows[static_cast<std::size_t>(c / 128)].push_back(static_cast<std::uint8_t>(c));
  const auto b = bytes_of(read_png(save(dir / "all.png", make_png(128, 2, 0, 8, rows))));
  for (int c = 0; c < 256; ++c) EXPECT_EQ(b[static_cast<std::size_t>(c)], c);
  std::filesystem::remove_all(dir);
}

TEST(Image, WriteClampsAndRoundsToBytes) {
  const auto dir = test::temp_dir("image_clamp");
  Image image(1, 6);
  image.pixels << -0.5, 0.0, 0.5, 100.4 / 255.0, 100.6 / 255.0, 1.7;
  const std::string path = (dir / "c.png").string();
  write_png(path, image);
  // 0.5 · 255 = 127.5 rounds away from zero
  EXPECT_EQ(bytes_of(read_png(path)), (std::vector<int>{0, 0, 128, 100, 101, 255}));
  std::filesystem::remove_all(dir);
}

TEST(Image, NonFinitePixelIsRefusedAndNothingWritten) {
  const auto dir = test::temp_dir("image_nan");
  Image image(3, 4, 0.5);
  image(2, 1) = std::nan("");
  const std::string path = (dir / "n.png").string();
  test::expect_error<NumericalError>([&] { write_png(path, image); }, {path, "pixel (row 2, column 1)", "nan"});
  image(2, 1) = INFINITY;
  test::expect_error<NumericalError>([&] { write_png(path, image); }, {"inf"});
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  std::filesystem::remove_all(dir);
}

TEST(Image, WriteIntoMissingDirectoryNamesThePath) {
  const auto dir = test::temp_dir("image_nodir");
  const std::string path = (dir / "no" / "x.png").string();
  test::expect_error<IoError>([&] { write_png(path, Image(2, 2)); }, {path, "cannot write PNG image"});
  test::expect_error<IoError>([&] { write_png((dir / "e.png").string(), Image()); }, {"e.png", "0 × 0"});
  std::filesystem::remove_all(dir);
}

TEST(Image, RgbIsConvertedByBt601LumaToBytes) {
  const auto dir = test::temp_dir("image_rgb");
  // Y = 0.299 R + 0.587 G + 0.114 B, rounded:
  //   (255, 0, 0) → 76.245 → 76;  (0, 255, 0) → 149.685 → 150;  (0, 0, 255) → 29.07 → 29
  //   (255, 255, 255) → 255;      (10, 20, 30) → 18.15 → 18;    (100, 150, 200) → 140.75 → 141
  const Bytes rgb{255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30, 100, 150, 200};
  const std::vector<int> expected{76, 150, 29, 255, 18, 141};
  const Image image = read_png(save(
      dir / "rgb.png", make_png(3, 2, 2, 8, {Bytes(rgb.begin(), rgb.begin() + 9), Bytes(rgb.begin() + 9, rgb.end())})));
  EXPECT_EQ(image.rows, 2);
  EXPECT_EQ(image.cols, 3);
  EXPECT_EQ(bytes_of(image), expected);
  EXPECT_EQ(image.format, "8-bit RGB, converted to 8-bit gray (BT.601 luma)");

  // RGBA: the alpha is dropped, not composited
  Bytes rgba;
  for (std::size_t i = 0; i < rgb.size(); i += 3) rgba.insert(rgba.end(), {rgb[i], rgb[i + 1], rgb[i + 2], 17});
  const Image a = read_png(save(dir / "rgba.png", make_png(6, 1, 6, 8, {rgba})));
  EXPECT_EQ(bytes_of(a), expected);
  EXPECT_EQ(a.format, "8-bit RGB+alpha, converted to 8-bit gray (BT.601 luma, alpha dropped)");

  // 16-bit RGB: on v / 65535, then 255·Y rounded; (65535, 0, 0) → 76.245 → 76, (0, 32768, 0) →
  // 255 · 0.587 · 32768/65535 = 74.84... → 75, (257·10, 257·20, 257·30) → 18
  const Bytes rgb16{0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0, 0, 0x0a, 0x0a, 0x14, 0x14, 0x1e, 0x1e};
  EXPECT_EQ(bytes_of(read_png(save(dir / "rgb16.png", make_png(3, 1, 2, 16, {rgb16})))),
            (std::vector<int>{76, 75, 18}));
  std::filesystem::remove_all(dir);
}

TEST(Image, PaletteLowBitSixteenBitAndAlphaGrayBecomeBytes) {
  const auto dir = test::temp_dir("image_formats");
  // palette (4-bit indices 0, 1, 2, 1): entries red, gray 77, (100, 150, 200)
  const Bytes plte{255, 0, 0, 77, 77, 77, 100, 150, 200};
  const Image pal = read_png(save(dir / "pal.png", make_png(4, 1, 3, 4, {{0x01, 0x21}}, plte)));
  EXPECT_EQ(bytes_of(pal), (std::vector<int>{76, 77, 141, 77}));
  EXPECT_EQ(pal.format, "4-bit palette, converted to 8-bit gray (BT.601 luma)");

  // 1-bit gray 1 0 1 1 0 0 0 1 → 255 or 0; 2-bit gray 0 1 2 3 → 85 v
  EXPECT_EQ(bytes_of(read_png(save(dir / "g1.png", make_png(8, 1, 0, 1, {{0xb1}})))),
            (std::vector<int>{255, 0, 255, 255, 0, 0, 0, 255}));
  EXPECT_EQ(bytes_of(read_png(save(dir / "g2.png", make_png(4, 1, 0, 2, {{0x1b}})))),
            (std::vector<int>{0, 85, 170, 255}));

  // 16-bit gray: 257 b → b exactly; 0x8080 = 32896 → 255 · 32896/65535 = 128.0019... → 128; 0x807f →
  // 127.998... → 128; 0x7f80 = 32640 → 127.0019... → 127
  const Image g16 = read_png(
      save(dir / "g16.png", make_png(5, 1, 0, 16, {{0x00, 0x00, 0xc8, 0xc8, 0x80, 0x80, 0x80, 0x7f, 0x7f, 0x80}})));
  EXPECT_EQ(bytes_of(g16), (std::vector<int>{0, 200, 128, 128, 127}));
  EXPECT_EQ(g16.format, "16-bit gray, converted to 8-bit gray");

  // Adam7 interlacing is undone: 13 × 11 pixels, each its own byte
  Bytes pixels(13 * 11);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(3 * i + 1);
  const Image inter = read_png(save(dir / "adam7.png", make_interlaced_gray(13, 11, pixels)));
  ASSERT_EQ(inter.rows, 11);
  ASSERT_EQ(inter.cols, 13);
  const auto inter_bytes = bytes_of(inter);
  for (std::size_t i = 0; i < pixels.size(); ++i) EXPECT_EQ(inter_bytes[i], pixels[i]) << i;
  EXPECT_EQ(inter.format, "8-bit gray");

  // gray + alpha: the alpha is dropped
  const Image ga = read_png(save(dir / "ga.png", make_png(2, 1, 4, 8, {{40, 0, 210, 255}})));
  EXPECT_EQ(bytes_of(ga), (std::vector<int>{40, 210}));
  EXPECT_EQ(ga.format, "8-bit gray+alpha, converted to 8-bit gray (alpha dropped)");
  std::filesystem::remove_all(dir);
}

TEST(Image, BadFilesAreIoErrorsNamingTheFile) {
  const auto dir = test::temp_dir("image_bad");
  const std::string missing = (dir / "missing.png").string();
  test::expect_error<IoError>([&] { read_png(missing); }, {missing, "no such file"});
  test::expect_error<IoError>([&] { read_png(dir.string()); }, {dir.string(), "directory"});

  const auto text = test::write_file(dir / "notes.png", "this is a text file, not an image\n").string();
  test::expect_error<IoError>([&] { read_png(text); }, {text, "not a PNG image", "signature"});
  const auto empty = test::write_file(dir / "empty.png", "").string();
  test::expect_error<IoError>([&] { read_png(empty); }, {empty, "empty"});

  std::vector<Bytes> rows(64, Bytes(64));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < 64; ++c) rows[r][c] = static_cast<std::uint8_t>(r * c);
  const Bytes good = make_png(64, 64, 0, 8, rows);
  ASSERT_EQ(bytes_of(read_png(save(dir / "good.png", good)))[3 * 64 + 5], 15);
  // cut inside the image data, and inside the header
  for (const std::size_t keep : {good.size() / 2, std::size_t{20}}) {
    const auto cut = save(dir / ("cut" + std::to_string(keep) + ".png"), Bytes(good.begin(), good.begin() + keep));
    test::expect_error<IoError>([&] { read_png(cut); }, {cut, "not a readable PNG image", "truncated"});
  }
  // a flipped byte inside the image data: the chunk's CRC (and the zlib checksum) no longer match
  Bytes corrupt = good;
  corrupt[good.size() / 2] ^= 0x55;
  const auto bad_crc = save(dir / "crc.png", corrupt);
  test::expect_error<IoError>([&] { read_png(bad_crc); }, {bad_crc, "not a readable PNG image"});
  std::filesystem::remove_all(dir);
}

TEST(Image, TooManyPixelsAreRefusedBeforeReadingThem) {
  const auto dir = test::temp_dir("image_large");
  // The header claims 10000 × 10000 = 10^8 pixels (> 2^26); the data is never read.
  const auto big = save(dir / "big.png", make_png(10000, 10000, 0, 8, {Bytes(10)}));
  test::expect_error<IoError>([&] { read_png(big); }, {big, "10000 × 10000 = 100000000 pixels", "2^26"});
  std::filesystem::remove_all(dir);
}

TEST(Image, TilesSitSideBySideWithPadding) {
  Image a(2, 3, 0.25), b(2, 3, 0.75);
  b(1, 2) = 0.0;
  const Image grid = tile_images({a, b}, 1, 3, 1, 1.0);
  ASSERT_EQ(grid.rows, 2 + 2 * 1);
  ASSERT_EQ(grid.cols, 3 * 3 + 4 * 1);
  for (int c = 0; c < grid.cols; ++c) EXPECT_EQ(grid(0, c), 1.0);  // the top border
  EXPECT_EQ(grid(1, 0), 1.0);                                      // the left border
  EXPECT_EQ(grid(1, 1), 0.25);
  EXPECT_EQ(grid(2, 3), 0.25);
  EXPECT_EQ(grid(1, 4), 1.0);  // the gap between tiles
  EXPECT_EQ(grid(1, 5), 0.75);
  EXPECT_EQ(grid(2, 7), 0.0);
  EXPECT_EQ(grid(2, 9), 1.0);  // the third cell has no tile
  // two rows of tiles
  const Image col = tile_images({a, b}, 2, 1, 0);
  ASSERT_EQ(col.rows, 4);
  EXPECT_EQ(col(3, 2), 0.0);
  EXPECT_THROW(tile_images({a, Image(3, 3)}, 1, 2), Error);
  EXPECT_THROW(tile_images({a, b, a}, 1, 2), Error);

  Image s(1, 3);
  s.pixels << 0.01, 0.04, 0.02;
  EXPECT_EQ(scaled_by_max(s).pixels, Eigen::Vector3d(0.25, 1.0, 0.5));
  const Image zero(1, 2, 0.0);
  EXPECT_EQ(scaled_by_max(zero).pixels, zero.pixels);

  const auto dir = test::temp_dir("image_grid");
  const std::string path = (dir / "grid.png").string();
  const Image third(2, 3, 40.0 / 255.0);
  write_png_grid(path, {a, b, third}, 1, 3, 1);
  const Image back = read_png(path);
  EXPECT_EQ(back.rows, grid.rows);
  EXPECT_EQ(back.cols, grid.cols);
  EXPECT_EQ(back(2, 7), 0.0);
  EXPECT_EQ(back(1, 9), 40.0 / 255.0);
  EXPECT_EQ(back(1, 1), 64.0 / 255.0);  // 0.25 · 255 = 63.75 → 64
  std::filesystem::remove_all(dir);
}

TEST(Image, ReadsSet12) {
  ITO_REQUIRE_SHARED_DATA(shared);
  const Image image = read_png((shared / "set12" / "01.png").string());
  EXPECT_EQ(image.rows, 256);
  EXPECT_EQ(image.cols, 256);
  EXPECT_EQ(image.format, "8-bit gray");
  EXPECT_GT(image.pixels.maxCoeff(), image.pixels.minCoeff());
}

}  // namespace
}  // namespace ito::io
