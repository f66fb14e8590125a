#pragma once
// Grayscale images in and out of PNG files (libpng), for the imaging inverse problems.
//
// An Image holds rows × cols pixel values in row-major order (pixel (r, c) at index r·cols + c) on the [0, 1]
// scale: a byte b of an 8-bit file is b / 255.
//
// read_png accepts every PNG colour type and bit depth and returns 8-bit gray values:
//   gray 1/2/4/8-bit        the gray level, scaled to 8 bits (libpng: 1 → 0/255, 2-bit v → 85·v, ...);
//   palette                 the palette entry's colour, then as RGB;
//   RGB                     the luma of ITU-R BT.601, Y = 0.299 R + 0.587 G + 0.114 B, of the stored
//                           (gamma-encoded) samples, as JPEG and most image tools take it; no colour
//                           management (gAMA, cHRM, sRGB and iCCP chunks are ignored);
//   16-bit samples          the same on v / 65535;
//   alpha (gray+alpha, RGBA, palette or tRNS transparency)   dropped: the colour values are taken as stored,
//                           not composited on any background;
// and the gray level y ∈ [0, 1] becomes the byte round(255·y), halves up, computed exactly in integers
// ((299 R + 587 G + 114 B)·255 / (1000·full) with full = 255 or 65535), so that every image, whatever its
// format, is an 8-bit gray image and no byte depends on floating-point rounding; an 8-bit gray file is read
// as it is. Image::format says what the file held ("8-bit gray" or e.g.
// "16-bit RGB+alpha, converted to 8-bit gray (BT.601 luma, alpha dropped)") so a caller can say so.
// Errors are ito::IoError naming the file: a missing file, a file that is not a PNG (its signature), a
// truncated or corrupt one (libpng's message), an image of more than kMaxImagePixels pixels (with its size).
//
// write_png writes an 8-bit gray PNG: each value clamped to [0, 1] and rounded to the byte round(255·v), so
// read_png(write_png(image)) returns image exactly when its values are bytes / 255. A non-finite value is a
// NumericalError naming the pixel; nothing is written then. The file is written to "<path>.partial" and
// renamed into place when complete (an interrupted run leaves neither).
//
// libpng reports errors through a callback that must not return; ito's callback records the message and
// longjmps back to a setjmp in the one function that called libpng, which holds only trivially destructible
// locals (so no destructor is skipped), and the caller releases libpng's structures and the file before it
// throws the C++ exception.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace ito::io {

/// The largest image read_png and write_png handle: 2^26 pixels (8192 × 8192; 512 MB as doubles).
inline constexpr std::int64_t kMaxImagePixels = std::int64_t{1} << 26;

/// A grayscale image, row-major, values in [0, 1].
struct Image {
  int rows = 0, cols = 0;
  Eigen::VectorXd pixels;  ///< rows·cols values, pixel (r, c) at r·cols + c
  std::string format;      ///< what the file held (read_png); informational

  Image() = default;
  /// A rows × cols image filled with `value`.
  Image(int rows, int cols, double value = 0.0);
  double& operator()(int r, int c) { return pixels[static_cast<Eigen::Index>(r) * cols + c]; }
  double operator()(int r, int c) const { return pixels[static_cast<Eigen::Index>(r) * cols + c]; }
  Eigen::Index size() const { return pixels.size(); }
};

/// Reads a PNG file as an 8-bit grayscale image (conversions in the file comment).
Image read_png(const std::string& path);

/// Writes `image` as an 8-bit grayscale PNG (values clamped to [0, 1], rounded to bytes).
void write_png(const std::string& path, const Image& image);

/// `image` divided by its largest value, so that its maximum shows as white: how a map of posterior standard
/// deviations (on a much smaller scale than the image) is shown beside the images. An image whose values are
/// all ≤ 0 is returned unchanged.
Image scaled_by_max(Image image);

/// Tiles of equal size side by side: rows_of_tiles × cols_of_tiles cells, tile k in cell (k / cols_of_tiles,
/// k % cols_of_tiles), with `pad` pixels of `background` between the cells and around them; cells without a
/// tile stay background. The values are not rescaled (use scaled_by_max for a tile on another scale).
Image tile_images(const std::vector<Image>& tiles, int rows_of_tiles, int cols_of_tiles, int pad = 2,
                  double background = 1.0);

/// write_png of tile_images(tiles, ...): e.g. truth | observation | posterior mean | posterior std (the last
/// scaled_by_max) in one row.
void write_png_grid(const std::string& path, const std::vector<Image>& tiles, int rows_of_tiles, int cols_of_tiles,
                    int pad = 2, double background = 1.0);

}  // namespace ito::io
