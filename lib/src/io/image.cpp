#include "ito/io/image.hpp"

#include <png.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/output.hpp"
#include "ito/io/table.hpp"

namespace ito::io {

namespace {

// libpng's error callback must not return. It records the message here and longjmps to the setjmp of the
// function that called libpng (the *_steps functions below, whose locals are all trivially destructible).
struct PngStatus {
  char message[256] = "";
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* status = static_cast<PngStatus*>(png_get_error_ptr(png));
  std::snprintf(status->message, sizeof status->message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}  // warnings (e.g. an odd colour profile) do not stop a read

// The read callback: a short read is a truncated file (libpng's own says only "Read Error").
void read_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* file = static_cast<std::FILE*>(png_get_io_ptr(png));
  if (std::fread(data, 1, length, file) != length)
    png_error(png, std::ferror(file) ? "read error" : "the file ends early (truncated)");
}

struct Layout {
  png_uint_32 width = 0, height = 0;
  int color_type = 0, bit_depth = 0;  // as stored
  int channels = 0, depth = 0;        // of the rows handed back (after the transformations)
  png_size_t row_bytes = 0;
};

// Reads the header and sets the transformations: palette → RGB(A), gray below 8 bits → 8 bits, interlacing
// undone. Returns false on a libpng error (its message in the PngStatus of the error pointer).
bool read_header_steps(png_structp png, png_infop info, std::FILE* file, Layout* layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, file, read_bytes);
  png_set_sig_bytes(png, 8);
  png_set_user_limits(png, 0x7fffffffU, 0x7fffffffU);  // read_png checks the pixel count, with its own message
  png_read_info(png, info);
  layout->width = png_get_image_width(png, info);
  layout->height = png_get_image_height(png, info);
  layout->color_type = png_get_color_type(png, info);
  layout->bit_depth = png_get_bit_depth(png, info);
  if (layout->color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (layout->color_type == PNG_COLOR_TYPE_GRAY && layout->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  layout->channels = png_get_channels(png, info);
  layout->depth = png_get_bit_depth(png, info);
  layout->row_bytes = png_get_rowbytes(png, info);
  return true;
}

bool read_rows_steps(png_structp png, png_infop info, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, info);
  return true;
}

bool write_steps(png_structp png, png_infop info, std::FILE* file, png_uint_32 width, png_uint_32 height,
                 png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_init_io(png, file);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, info);
  return true;
}

struct ReadStructs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~ReadStructs() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
};

struct WriteStructs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~WriteStructs() { png_destroy_write_struct(&png, info ? &info : nullptr); }
};

struct OpenFile {
  std::FILE* f = nullptr;
  ~OpenFile() {
    if (f) std::fclose(f);
  }
};

std::string describe_format(int color_type, int bit_depth) {
  std::string kind;
  switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: kind = "gray"; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: kind = "gray+alpha"; break;
    case PNG_COLOR_TYPE_RGB: kind = "RGB"; break;
    case PNG_COLOR_TYPE_RGB_ALPHA: kind = "RGB+alpha"; break;
    case PNG_COLOR_TYPE_PALETTE: kind = "palette"; break;
    default: kind = "colour type " + std::to_string(color_type);
  }
  return std::to_string(bit_depth) + "-bit " + kind;
}

// The byte of a gray level y ∈ [0, 1]: round(255·y), halves away from zero.
unsigned char to_byte(double y) { return static_cast<unsigned char>(std::lround(255.0 * std::clamp(y, 0.0, 1.0))); }

}  // namespace

Image::Image(int r, int c, double value)
    : rows(r), cols(c), pixels(Eigen::VectorXd::Constant(Eigen::Index{r} * c, value)) {}

Image read_png(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    ito::detail::throw_error<IoError>(path, ": cannot read a PNG image: this is a directory");
  require_file(path, "PNG image");
  OpenFile file;
  file.f = std::fopen(path.c_str(), "rb");
  if (!file.f) ito::detail::throw_error<IoError>(path, ": cannot open PNG image: ", std::strerror(errno));
  png_byte signature[8];
  const std::size_t got = std::fread(signature, 1, sizeof signature, file.f);
  if (got == 0) ito::detail::throw_error<IoError>(path, ": not a PNG image: the file is empty");
  if (got < sizeof signature || png_sig_cmp(signature, 0, sizeof signature) != 0)
    ito::detail::throw_error<IoError>(path, ": not a PNG image (it does not start with the PNG signature)");

  PngStatus status;
  ReadStructs s;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &status, on_png_error, on_png_warning);
  if (s.png) s.info = png_create_info_struct(s.png);
  if (!s.png || !s.info) ito::detail::throw_error<IoError>(path, ": cannot read PNG image: libpng could not start");
  Layout layout;
  if (!read_header_steps(s.png, s.info, file.f, &layout))
    ito::detail::throw_error<IoError>(path, ": not a readable PNG image: ", status.message);
  const std::int64_t count = std::int64_t{layout.width} * std::int64_t{layout.height};
  if (count > kMaxImagePixels)
    ito::detail::throw_error<IoError>(path, ": the image is ", layout.width, " × ", layout.height, " = ", count,
                                      " pixels, more than the ", kMaxImagePixels, " (2^26) this reader takes");
  const int channels = layout.channels, bytes_per_sample = layout.depth / 8;
  if ((layout.depth != 8 && layout.depth != 16) || channels < 1 || channels > 4 ||
      layout.row_bytes != static_cast<png_size_t>(layout.width) * channels * bytes_per_sample)
    ito::detail::throw_error<IoError>(path, ": cannot convert this PNG image (",
                                      describe_format(layout.color_type, layout.bit_depth), ")");
  std::vector<png_byte> data(layout.row_bytes * layout.height);
  std::vector<png_bytep> rows(layout.height);
  for (png_uint_32 r = 0; r < layout.height; ++r) rows[r] = data.data() + r * layout.row_bytes;
  if (!read_rows_steps(s.png, s.info, rows.data()))
    ito::detail::throw_error<IoError>(path, ": not a readable PNG image: ", status.message);

  Image image(static_cast<int>(layout.height), static_cast<int>(layout.width));
  const bool gray = channels <= 2;
  image.format = describe_format(layout.color_type, layout.bit_depth);
  if (layout.color_type != PNG_COLOR_TYPE_GRAY || layout.bit_depth != 8)
    image.format += std::string(", converted to 8-bit gray") + (!gray && channels == 4 ? " (BT.601 luma, alpha dropped)"
                                                                : !gray                ? " (BT.601 luma)"
                                                                : channels == 2        ? " (alpha dropped)"
                                                                                       : "");
  // The gray level in thousandths of a sample, S = 1000 v or 299 R + 587 G + 114 B, and the byte
  // round(255 S / (1000 · full)) with halves up, in exact integer arithmetic (so no tie depends on rounding).
  const std::int64_t full = bytes_per_sample == 1 ? 255 : 65535, denominator = 1000 * full;
  const auto sample = [&](const png_byte* p) -> std::int64_t {
    return bytes_per_sample == 1 ? p[0] : (std::int64_t{p[0]} << 8) | p[1];  // 16-bit: big-endian
  };
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    const png_byte* p = data.data() + i * static_cast<std::size_t>(channels * bytes_per_sample);
    const std::int64_t thousandths =
        gray ? 1000 * sample(p)
             : 299 * sample(p) + 587 * sample(p + bytes_per_sample) + 114 * sample(p + 2 * bytes_per_sample);
    const std::int64_t byte = (2 * 255 * thousandths + denominator) / (2 * denominator);
    image.pixels[static_cast<Eigen::Index>(i)] = static_cast<double>(byte) / 255.0;
  }
  return image;
}

void write_png(const std::string& path, const Image& image) {
  const std::int64_t count = std::int64_t{image.rows} * image.cols;
  if (image.rows < 1 || image.cols < 1 || image.pixels.size() != count)
    ito::detail::throw_error<IoError>(path, ": cannot write a ", image.rows, " × ", image.cols, " image with ",
                                      image.pixels.size(), " pixel values");
  if (count > kMaxImagePixels)
    ito::detail::throw_error<IoError>(path, ": cannot write a ", image.rows, " × ", image.cols,
                                      " image: more than the ", kMaxImagePixels, " (2^26) pixels of a PNG here");
  std::vector<png_byte> data(static_cast<std::size_t>(count));
  for (Eigen::Index i = 0; i < count; ++i) {
    const double v = image.pixels[i];
    if (!std::isfinite(v))
      ito::detail::throw_error<NumericalError>(path, ": pixel (row ", i / image.cols, ", column ", i % image.cols,
                                               ") of the image is ", v, "; no image written");
    data[static_cast<std::size_t>(i)] = to_byte(v);
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.rows));
  for (int r = 0; r < image.rows; ++r) rows[static_cast<std::size_t>(r)] = data.data() + std::size_t(r) * image.cols;

  const std::string partial = path + ".partial";
  OpenFile file;
  file.f = std::fopen(partial.c_str(), "wb");
  if (!file.f) ito::detail::throw_error<IoError>(path, ": cannot write PNG image: ", std::strerror(errno));
  partial_files().add(partial);
  // Removes the partial file unless the write completed (then it has been renamed).
  struct Cleanup {
    const std::string& partial;
    bool done = false;
    ~Cleanup() {
      if (done) return;
      std::error_code ec;
      std::filesystem::remove(partial, ec);
      partial_files().remove(partial);
    }
  } cleanup{partial};

  PngStatus status;
  {
    WriteStructs s;
    s.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &status, on_png_error, on_png_warning);
    if (s.png) s.info = png_create_info_struct(s.png);
    if (!s.png || !s.info) ito::detail::throw_error<IoError>(path, ": cannot write PNG image: libpng could not start");
    if (!write_steps(s.png, s.info, file.f, static_cast<png_uint_32>(image.cols), static_cast<png_uint_32>(image.rows),
                     rows.data()))
      ito::detail::throw_error<IoError>(path, ": cannot write PNG image: ", status.message);
  }
  const bool failed = std::fflush(file.f) != 0 || std::ferror(file.f) != 0;
  const int saved_errno = errno;
  const bool close_failed = std::fclose(file.f) != 0;
  file.f = nullptr;
  if (failed || close_failed)
    ito::detail::throw_error<IoError>(path, ": cannot write PNG image: ", std::strerror(failed ? saved_errno : errno));
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) ito::detail::throw_error<IoError>(path, ": cannot write PNG image: ", ec.message());
  partial_files().remove(partial);
  cleanup.done = true;
}

Image scaled_by_max(Image image) {
  const double top = image.pixels.size() > 0 ? image.pixels.maxCoeff() : 0.0;
  if (top > 0 && std::isfinite(top)) image.pixels /= top;
  return image;
}

Image tile_images(const std::vector<Image>& tiles, int rows_of_tiles, int cols_of_tiles, int pad, double background) {
  ITO_REQUIRE(!tiles.empty(), "no tiles");
  ITO_REQUIRE(rows_of_tiles >= 1 && cols_of_tiles >= 1 && pad >= 0,
              "a grid of " << rows_of_tiles << " × " << cols_of_tiles << " tiles with padding " << pad);
  ITO_REQUIRE(tiles.size() <= static_cast<std::size_t>(rows_of_tiles) * static_cast<std::size_t>(cols_of_tiles),
              tiles.size() << " tiles do not fit a grid of " << rows_of_tiles << " × " << cols_of_tiles);
  const int h = tiles[0].rows, w = tiles[0].cols;
  for (std::size_t k = 0; k < tiles.size(); ++k)
    ITO_REQUIRE(tiles[k].rows == h && tiles[k].cols == w && tiles[k].pixels.size() == Eigen::Index{h} * w,
                "tile " << k << " is " << tiles[k].rows << " × " << tiles[k].cols << ", tile 0 is " << h << " × "
                        << w);
  Image out(rows_of_tiles * (h + pad) + pad, cols_of_tiles * (w + pad) + pad, background);
  for (std::size_t k = 0; k < tiles.size(); ++k) {
    const int top = pad + static_cast<int>(k) / cols_of_tiles * (h + pad);
    const int left = pad + static_cast<int>(k) % cols_of_tiles * (w + pad);
    for (int r = 0; r < h; ++r)
      for (int c = 0; c < w; ++c) out(top + r, left + c) = tiles[k](r, c);
  }
  return out;
}

void write_png_grid(const std::string& path, const std::vector<Image>& tiles, int rows_of_tiles, int cols_of_tiles,
                    int pad, double background) {
  write_png(path, tile_images(tiles, rows_of_tiles, cols_of_tiles, pad, background));
}

}  // namespace ito::io
