#include "ito/priors/mixture_file.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "ito/core/error.hpp"

namespace ito::priors {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

std::string normalise_group(std::string group) {
  if (group.empty() || group.front() != '/') group.insert(group.begin(), '/');
  while (group.size() > 1 && group.back() == '/') group.pop_back();
  return group;
}

std::string member(const std::string& group, const std::string& name) {
  return group == "/" ? "/" + name : group + "/" + name;
}

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string shape_string(const std::vector<std::uint64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace

void write_mixture(io::ResultFile& file, const std::string& group_in, const GaussianMixture& g) {
  ITO_REQUIRE(g.components() > 0, "the mixture is empty");
  const std::string group = normalise_group(group_in);
  const auto K = static_cast<std::uint64_t>(g.components()), d = static_cast<std::uint64_t>(g.dim());
  file.write(member(group, "weights"), std::vector<double>(g.weights().data(), g.weights().data() + K), {K});
  // d × K column-major is [K, d] row-major: row k is m_k.
  file.write(member(group, "means"), std::vector<double>(g.means().data(), g.means().data() + K * d), {K, d});
  std::vector<double> cov;
  std::vector<std::uint64_t> dims;
  switch (g.covariance_type()) {
    case CovarianceType::full:
      cov.reserve(K * d * d);
      for (int k = 0; k < g.components(); ++k) {
        const MatrixXd c = g.covariance(k);  // symmetric: row- and column-major agree
        cov.insert(cov.end(), c.data(), c.data() + d * d);
      }
      dims = {K, d, d};
      break;
    case CovarianceType::diagonal:
      cov.assign(g.variances().data(), g.variances().data() + K * d);
      dims = {K, d};
      break;
    case CovarianceType::isotropic:
      cov.assign(g.variances().data(), g.variances().data() + K);
      dims = {K};
      break;
  }
  file.write(member(group, "covariances"), cov, dims);
  file.attribute(group, "covariance_type", to_string(g.covariance_type()));
}

GaussianMixture read_mixture(const std::string& file, const std::string& group_in, bool allow_singular) {
  const std::string group = normalise_group(group_in);
  const std::string where = file + ": mixture '" + group + "': ";
  if (!std::filesystem::is_regular_file(file)) throw IoError(file + ": no such file");
  std::string type_name;
  try {
    type_name = io::read_string_attribute(file, group, "covariance_type");
  } catch (const IoError& e) {
    throw IoError(where +
                  "not a Gaussian mixture (expected the attribute covariance_type and the datasets "
                  "weights, means, covariances; " +
                  e.what() + ")");
  }
  CovarianceType type;
  try {
    type = covariance_type_from_string(type_name);
  } catch (const ParameterError& e) {
    throw ParameterError(where + "attribute covariance_type: " + e.what());
  }
  auto read = [&](const char* name) {
    try {
      return io::read_dataset(file, member(group, name));
    } catch (const IoError& e) {
      throw IoError(where + "not a Gaussian mixture: " + e.what());
    }
  };
  const io::Dataset w = read("weights"), m = read("means"), c = read("covariances");
  const std::string wpath = member(group, "weights"), mpath = member(group, "means"),
                    cpath = member(group, "covariances");
  if (w.dims.size() != 1 || w.dims[0] < 1)
    throw ParameterError(where + "dataset " + wpath + " has shape " + shape_string(w.dims) +
                         ", expected [K] with K >= 1");
  const auto K = w.dims[0];
  if (m.dims.size() != 2 || m.dims[0] != K || m.dims[1] < 1)
    throw ParameterError(where + "dataset " + mpath + " has shape " + shape_string(m.dims) + ", expected [" +
                         std::to_string(K) + ", d] (K from " + wpath + ")");
  const auto d = m.dims[1];
  std::vector<std::uint64_t> expected;
  if (type == CovarianceType::full) expected = {K, d, d};
  if (type == CovarianceType::diagonal) expected = {K, d};
  if (type == CovarianceType::isotropic) expected = {K};
  if (c.dims != expected)
    throw ParameterError(where + "dataset " + cpath + " has shape " + shape_string(c.dims) + ", expected " +
                         shape_string(expected) + " for covariance_type " + type_name);
  for (const auto* ds : {&w, &m, &c}) {
    for (std::size_t i = 0; i < ds->values.size(); ++i)
      if (!std::isfinite(ds->values[i]))
        throw ParameterError(where + "dataset " +
                             (ds == &w   ? wpath
                              : ds == &m ? mpath
                                         : cpath) +
                             " has a non-finite entry at flat index " + std::to_string(i));
  }
  const VectorXd weights = Eigen::Map<const VectorXd>(w.values.data(), static_cast<Index>(K));
  for (Index k = 0; k < weights.size(); ++k)
    if (weights(k) <= 0.0)
      throw ParameterError(where + "dataset " + wpath + ": weight " + std::to_string(k) + " is " + num(weights(k)) +
                           "; weights must be > 0");
  if (std::abs(weights.sum() - 1.0) > 1e-6)
    throw ParameterError(where + "dataset " + wpath + ": weights sum to " + num(weights.sum()) + ", expected 1");
  const MatrixXd means = Eigen::Map<const MatrixXd>(m.values.data(), static_cast<Index>(d), static_cast<Index>(K));
  try {
    switch (type) {
      case CovarianceType::full: {
        std::vector<MatrixXd> cov;
        for (std::uint64_t k = 0; k < K; ++k) {
          MatrixXd s = Eigen::Map<const MatrixXd>(c.values.data() + k * d * d, static_cast<Index>(d),
                                                  static_cast<Index>(d))
                           .transpose();  // row-major on disk
          const double scale = s.cwiseAbs().maxCoeff();
          if ((s - s.transpose()).cwiseAbs().maxCoeff() > 1e-10 * scale)
            throw ParameterError(where + "dataset " + cpath + ": covariance " + std::to_string(k) +
                                 " is not symmetric");
          const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(0.5 * (s + s.transpose()), Eigen::EigenvaluesOnly);
          const double lo = eig.eigenvalues().minCoeff(), hi = eig.eigenvalues().maxCoeff();
          if (!allow_singular && !(lo > 1e-12 * hi))
            throw ParameterError(where + "dataset " + cpath + ": covariance " + std::to_string(k) +
                                 " is not positive definite (eigenvalues from " + num(lo) + " to " + num(hi) + ")");
          cov.push_back(std::move(s));
        }
        return GaussianMixture::full(weights, means, std::move(cov));
      }
      case CovarianceType::diagonal: {
        const MatrixXd var = Eigen::Map<const MatrixXd>(c.values.data(), static_cast<Index>(d), static_cast<Index>(K));
        for (Index k = 0; k < var.cols(); ++k)
          for (Index i = 0; i < var.rows(); ++i)
            if (var(i, k) < 0.0 || (var(i, k) == 0.0 && !allow_singular))
              throw ParameterError(where + "dataset " + cpath + ": variance " + num(var(i, k)) + " of component " +
                                   std::to_string(k) + " (coordinate " + std::to_string(i) + ") must be > 0" +
                                   (allow_singular ? "" : " (>= 0 with allow_singular)"));
        return GaussianMixture::diagonal(weights, means, var);
      }
      case CovarianceType::isotropic: {
        const VectorXd var = Eigen::Map<const VectorXd>(c.values.data(), static_cast<Index>(K));
        for (Index k = 0; k < var.size(); ++k)
          if (var(k) < 0.0)
            throw ParameterError(where + "dataset " + cpath + ": variance " + num(var(k)) + " of component " +
                                 std::to_string(k) + " must be >= 0");
        return GaussianMixture::isotropic(weights, means, var);
      }
    }
  } catch (const ParameterError& e) {
    const std::string msg = e.what();
    if (msg.rfind(file, 0) == 0) throw;
    throw ParameterError(where + msg);
  }
  throw ParameterError(where + "unknown covariance type");
}

}  // namespace ito::priors
