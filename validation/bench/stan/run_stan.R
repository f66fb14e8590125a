# Stan NUTS reference timings for the ito mcmc benchmark (validation/bench/stan/run_bench.sh calls this).
# 4 chains x 1000 warmup + 1000 draws, one core per chain in sequence (the per-core throughput).
# Prints one line per posterior:
#   posterior min_bulk_ess sampling_seconds(sum over chains) leapfrog_steps(sampling, all chains) ess_per_s ess_per_grad
suppressMessages(library(rstan))
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data/posteriordb"
here <- "validation/bench/stan"
cache <- Sys.getenv("ITO_STAN_CACHE", "/tmp/ito_stan_cache")  # compiled models (.rds) live outside the tree
dir.create(cache, showWarnings = FALSE)
seed <- as.integer(Sys.getenv("STAN_SEED", "20261123"))
run_one <- function(name, stan_file, data_file, pars) {
  data <- fromJSON(file.path(data_dir, data_file))
  file.copy(file.path(here, stan_file), file.path(cache, stan_file), overwrite = TRUE)
  model <- stan_model(file.path(cache, stan_file), auto_write = TRUE)
  fit <- sampling(model, data = data, chains = 4, iter = 2000, warmup = 1000, cores = 1, seed = seed,
                  refresh = 0)
  draws <- as.array(fit, pars = pars)  # iterations x chains x parameters
  ess <- sapply(seq_len(dim(draws)[3]), function(k) ess_bulk(draws[, , k]))
  rhat <- sapply(seq_len(dim(draws)[3]), function(k) Rhat(draws[, , k]))
  t <- get_elapsed_time(fit)
  sp <- get_sampler_params(fit, inc_warmup = FALSE)
  leapfrog <- sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"])))
  sampling_s <- sum(t[, "sample"])
  cat(sprintf("%s min_bulk_ess=%.1f max_rhat=%.4f sampling_s=%.4f leapfrog=%d ess_per_s=%.1f ess_per_grad=%.5f\n",
              name, min(ess), max(rhat), sampling_s, leapfrog, min(ess) / sampling_s, min(ess) / leapfrog))
}
run_one("eight_schools_noncentered", "eight_schools_noncentered.stan", "eight_schools.data.json",
        c("mu", "tau", "theta"))
run_one("sblrc-blr", "sblrc_blr.stan", "sblrc.data.json", c("beta", "sigma"))
