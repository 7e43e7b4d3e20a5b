// TELBO's "3 Cs" (Vedantam et al. 2017): images generated from attribute queries, judged by an
// attribute classifier trained on the data. Correctness: the share of the query's attributes the
// judge finds in each image. Coverage: for a partial query, 1 - JS between the judged values of
// each unspecified attribute and their distribution among the training images that match the
// query. Compositionality: correctness on combinations held out of training.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gvae {

/// Jensen-Shannon divergence of two distributions in bits (in [0, 1]); both are normalized here.
double jensenShannon(const std::vector<double>& p, const std::vector<double>& q);

/// Mean over the S images of the share of given attributes (query[k] >= 0) the judge found:
/// `judged` [S * K] row-major, `query` [K]. NaN without a given attribute.
double queryCorrectness(const std::vector<int64_t>& judged, const std::vector<int64_t>& query);

/// Mean over the unspecified attributes (query[k] < 0) of 1 - JS(truth[k], the judged values'
/// histogram); `sizes` [K] value counts. NaN without an unspecified attribute.
double queryCoverage(const std::vector<int64_t>& judged, const std::vector<int64_t>& query,
                     const std::vector<std::vector<double>>& truth,
                     const std::vector<int64_t>& sizes);

/// What `graphvae eval` reports for a model of images and attributes.
struct ConceptReport {
  double correctness = 0;           // full queries of combinations seen in training
  double coverage = 0;              // partial queries (1 to 3 of 5 attributes given)
  double abstract_correctness = 0;  // correctness of the partial queries' given attributes
  double compositionality = 0;      // full queries of the held-out combinations
  int64_t seen_queries = 0, partial_queries = 0, held_out_queries = 0, samples_per_query = 0;
  std::vector<std::string> attribute_names;
  std::vector<double> judge_accuracy;  // the judge's accuracy per attribute on the test images
};

}  // namespace gvae

namespace gvae {

class LatentModelImpl;
struct DataSplits;

struct ConceptOptions {
  int64_t samples = 10;      // images generated per query
  int64_t queries = 40;      // seen full queries, and partial queries, at most
  int64_t judge_epochs = 5;  // of the attribute classifier
  uint64_t seed = 1;
};

/// Trains the judge (an MLP classifier of each attribute) on `data`'s training images, then
/// generates `samples` images (Bernoulli means thresholded at 0.5, as the data) for each query:
/// the distinct full combinations of the test split seen in training (their first `queries`),
/// every held-out combination, and `queries` partial queries (a test image's attributes, 1 to 3
/// of them kept). The model must have attributes (attributeSizes()). Throws on misuse.
ConceptReport conceptMetrics(LatentModelImpl& model, const DataSplits& data,
                             const ConceptOptions& options = {});

}  // namespace gvae
