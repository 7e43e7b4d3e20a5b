// Tests for the HDF5 run file: exact round trips, clear errors on bad files, crash-safe writes.
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QtTest/QtTest>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <thread>

#include "core/io/hdf5_handle.h"
#include "core/io/hdf5_util.h"
#include "core/io/metrics_csv.h"
#include "core/io/run_file.h"

namespace {

using gvae::Checkpoint;
using gvae::EpochMetrics;
using gvae::LatentStatistics;
using gvae::NamedArray;
using gvae::readRunFile;
using gvae::RunRecord;
using gvae::Status;
using gvae::writeRunFile;

/// Set in the environment of the child process of killDuringWrite: the run file it rewrites.
constexpr char kWriterEnv[] = "GRAPHVAE_TST_RUN_FILE_WRITER";
/// Checkpoint size in the kill test: big enough (20 MB) that a write takes a while.
constexpr size_t kKillFloats = 5'000'000;

std::string str(const QString& s) { return s.toStdString(); }

/// A value that is not exact in decimal, so a lossy round trip would show.
double value(int64_t row, int column) { return (row + 1) * 1.1 - column / 7.0; }

/// A record with every field populated, including awkward names, strings and special floats.
RunRecord fullRecord(int64_t epochs = 4) {
  RunRecord r;
  r.config = {{"model", "graph_vae"}, {"lr", "0.001"}, {"data.path", "/data/mnist τ λ"},
              {"empty", ""},          {"a/b.c", "x"},  {"keys", "a key named like the list"}};
  r.gate_pairs = {{1, 2}, {1, 3}, {2, 3}};
  const int8_t codes[] = {gvae::kGateFree, gvae::kGateFrozenOff, gvae::kGateFrozenOn};
  for (int64_t k = 0; k < epochs; ++k) {
    EpochMetrics e;
    e.epoch = k + 1;
    e.step = 100 * (k + 1);
    e.train_elbo = -value(k, 1), e.train_nll = value(k, 2), e.train_kl = value(k, 3);
    e.valid_elbo = -value(k, 4), e.valid_nll = value(k, 5), e.valid_kl = value(k, 6);
    e.tau = value(k, 7), e.lr = 1e-3 / (k + 1), e.kl_weight = value(k, 8) / 10;
    e.seconds = value(k, 9), e.samples_per_s = 1e4 + value(k, 10);
    e.grad_norm = value(k, 11);
    e.valid_auc = value(k, 12) / 10, e.valid_ap = value(k, 13) / 10;
    e.skipped_steps = k % 2;
    for (int n = 0; n < 5; ++n) e.node_kl.push_back(value(k, n) * 0.01);
    for (int g = 0; g < 3; ++g) {
      e.gate_mu.push_back(value(k, g) / 10);
      e.gate_frozen.push_back(codes[(k + g) % 3]);
    }
    r.epochs.push_back(e);
  }
  for (int64_t s = 0; s < 10; ++s) {
    r.steps.push_back({10 * (s + 1), s / 3 + 1, -value(s, 11), value(s, 12), value(s, 13)});
  }
  r.events = {{120, 2, "nan_skip", "non-finite loss at step 120 — skipped"},
              {250, 3, "freeze", ""},
              {300, 3, "rollback", "restored epoch 2\nsecond line"}};
  Checkpoint c;
  c.epoch = epochs;
  c.step = 100 * epochs;
  const float inf = std::numeric_limits<float>::infinity();
  c.model = {{"encoder.0.weight", {4, 3}, {}},
             {"encoder.0.bias", {4}, {0.1f, -0.0f, inf, -inf}},
             {"decoder/odd.name", {2, 2, 2}, {}},
             {"running_count", {}, {42.f}},
             {"empty_buffer", {0, 3}, {}}};
  for (int i = 0; i < 12; ++i) c.model[0].values.push_back(i / 3.f - 1.f);
  for (int i = 0; i < 8; ++i) c.model[2].values.push_back(1e-40f * (i + 1));  // denormals
  c.optimizer = {{"encoder.0.weight/exp_avg", {4, 3}, std::vector<float>(12, 0.25f)},
                 {"encoder.0.weight/exp_avg_sq", {4, 3}, std::vector<float>(12, 1e-8f)},
                 {"encoder.0.weight/step", {}, {float(c.step)}}};
  r.checkpoint = c;
  r.latent_stats = LatentStatistics{
      "valid",         3, {1, 0.5, -0.25, 0.5, 1, 0.125, -0.25, 0.125, 1}, {0.3, 0.2, 0.001},
      {1.7, 0.9, 0.4}, 2};
  r.eval_results = {{"test_elbo", -95.5}, {"active_units", 7}, {"a.b/c", 1e-300}};
  gvae::DisentanglementReport d;  // 3 latents x 2 factors; FactorVAE undefined
  d.latents = 3;
  d.active_latents = 2;
  d.n_fit = 40;
  d.n_score = 30;
  d.factor_names = {"shape", "x"};
  d.betavae = 0.75;
  d.factorvae = std::nan("");
  d.mig = 0.125;
  d.dci_disentanglement = 0.5;
  d.dci_completeness = 0.25;
  d.dci_informativeness = 0.875;
  d.mutual_information = {0.5, 0.0625, 0.25, 0.75, 0, 0};
  d.importance = {0.5, 0.25, 0.5, 0.75, 0, 0};
  d.informativeness = {0.75, 1};
  r.disentanglement = d;
  for (const auto& score : gvae::disentanglementScores(d)) r.eval_results.push_back(score);
  return r;
}

template <class T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}
bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool sameArrays(const std::vector<NamedArray>& a, const std::vector<NamedArray>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].shape != b[i].shape || !sameBits(a[i].values, b[i].values))
      return false;
  }
  return true;
}

/// The first difference between two records ("" when equal bit for bit).
QString diffRecords(const RunRecord& a, const RunRecord& b) {
  if (a.config != b.config) return QStringLiteral("config");
  if (a.gate_pairs != b.gate_pairs) return QStringLiteral("gate_pairs");
  if (a.epochs.size() != b.epochs.size()) return QStringLiteral("number of epochs");
  static constexpr double EpochMetrics::*kReals[] = {
      &EpochMetrics::train_elbo,    &EpochMetrics::train_nll,
      &EpochMetrics::train_kl,      &EpochMetrics::valid_elbo,
      &EpochMetrics::valid_nll,     &EpochMetrics::valid_kl,
      &EpochMetrics::tau,           &EpochMetrics::lr,
      &EpochMetrics::kl_weight,     &EpochMetrics::seconds,
      &EpochMetrics::samples_per_s, &EpochMetrics::grad_norm,
      &EpochMetrics::valid_auc,     &EpochMetrics::valid_ap};
  for (size_t k = 0; k < a.epochs.size(); ++k) {
    const EpochMetrics &x = a.epochs[k], &y = b.epochs[k];
    const QString row = QStringLiteral("epoch row %1: ").arg(k);
    if (x.epoch != y.epoch || x.step != y.step || x.skipped_steps != y.skipped_steps)
      return row + QStringLiteral("integers");
    for (auto field : kReals) {
      if (!sameBits(x.*field, y.*field)) return row + QStringLiteral("a double column");
    }
    if (!sameBits(x.node_kl, y.node_kl)) return row + QStringLiteral("node_kl");
    if (!sameBits(x.gate_mu, y.gate_mu)) return row + QStringLiteral("gate_mu");
    if (x.gate_frozen != y.gate_frozen) return row + QStringLiteral("gate_frozen");
  }
  if (a.steps.size() != b.steps.size()) return QStringLiteral("number of steps");
  for (size_t s = 0; s < a.steps.size(); ++s) {
    const auto &x = a.steps[s], &y = b.steps[s];
    if (x.step != y.step || x.epoch != y.epoch || !sameBits(x.elbo, y.elbo) ||
        !sameBits(x.nll, y.nll) || !sameBits(x.kl, y.kl))
      return QStringLiteral("step row %1").arg(s);
  }
  if (a.events.size() != b.events.size()) return QStringLiteral("number of events");
  for (size_t v = 0; v < a.events.size(); ++v) {
    const auto &x = a.events[v], &y = b.events[v];
    if (x.step != y.step || x.epoch != y.epoch || x.kind != y.kind || x.message != y.message)
      return QStringLiteral("event %1").arg(v);
  }
  if (a.checkpoint.has_value() != b.checkpoint.has_value())
    return QStringLiteral("checkpoint presence");
  if (a.checkpoint) {
    const Checkpoint &x = *a.checkpoint, &y = *b.checkpoint;
    if (x.epoch != y.epoch || x.step != y.step) return QStringLiteral("checkpoint epoch/step");
    if (!sameArrays(x.model, y.model)) return QStringLiteral("checkpoint model arrays");
    if (!sameArrays(x.optimizer, y.optimizer)) return QStringLiteral("checkpoint optimizer");
  }
  if (a.latent_stats.has_value() != b.latent_stats.has_value())
    return QStringLiteral("latent_stats presence");
  if (a.latent_stats) {
    const LatentStatistics &x = *a.latent_stats, &y = *b.latent_stats;
    if (x.split != y.split || x.dims != y.dims || x.active_units != y.active_units ||
        !sameBits(x.mean_correlation, y.mean_correlation) ||
        !sameBits(x.unit_variance, y.unit_variance) ||
        !sameBits(x.pca_eigenvalues, y.pca_eigenvalues))
      return QStringLiteral("latent_stats");
  }
  if (a.disentanglement.has_value() != b.disentanglement.has_value())
    return QStringLiteral("disentanglement presence");
  if (a.disentanglement) {
    const auto &x = *a.disentanglement, &y = *b.disentanglement;
    if (x.latents != y.latents || x.active_latents != y.active_latents || x.n_fit != y.n_fit ||
        x.n_score != y.n_score || x.factor_names != y.factor_names ||
        !sameBits(x.mutual_information, y.mutual_information) ||
        !sameBits(x.importance, y.importance) || !sameBits(x.informativeness, y.informativeness))
      return QStringLiteral("disentanglement");
    for (const auto& [name, field] : gvae::disentanglementScoreFields())
      if (!sameBits(x.*field, y.*field)) return QString::fromStdString("disentanglement " + name);
  }
  if (a.eval_results.size() != b.eval_results.size()) return QStringLiteral("eval count");
  for (size_t i = 0; i < a.eval_results.size(); ++i) {
    if (a.eval_results[i].first != b.eval_results[i].first ||
        !sameBits(a.eval_results[i].second, b.eval_results[i].second))
      return QStringLiteral("eval result %1").arg(i);
  }
  return {};
}

/// What the writer child of killDuringWrite writes: every part says "n" so a mix would show.
RunRecord killRecord(int64_t n) {
  RunRecord r;
  r.config = {{"generation", std::to_string(n)}};
  r.gate_pairs = {{1, 2}};
  for (int64_t k = 1; k <= n; ++k) {
    EpochMetrics e;
    e.epoch = k;
    e.step = 10 * k;
    e.node_kl = {double(n), double(k)};
    e.gate_mu = {0.5};
    e.gate_frozen = {gvae::kGateFree};
    r.epochs.push_back(e);
    r.events.push_back({10 * k, k, "epoch", std::to_string(n)});
  }
  Checkpoint c;
  c.epoch = n;
  c.step = 10 * n;
  c.model = {{"big.weight", {int64_t(kKillFloats)}, std::vector<float>(kKillFloats, float(n))}};
  c.optimizer = {{"big.weight/step", {}, {float(n)}}};
  r.checkpoint = std::move(c);
  return r;
}

/// Child mode of killDuringWrite: rewrites the file with growing records until killed.
[[noreturn]] void runWriterChild(const std::string& path) {
  RunRecord current;
  int64_t n = readRunFile(path, &current, false) ? int64_t(current.epochs.size()) : 0;
  for (;;) {
    ++n;
    const Status status = writeRunFile(path, killRecord(n));
    if (!status) {
      std::fprintf(stderr, "writer child: %s\n", status.message.c_str());
      std::_Exit(1);
    }
    std::printf("%lld\n", static_cast<long long>(n));
    std::fflush(stdout);
  }
}

// ---- HDF5 surgery for the bad-file cases (the C API directly, not the code under test)

bool createForeignFile(const std::string& path, const char* format) {
  gvae::Hdf5ErrorSilencer silence;
  gvae::Hdf5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  const hsize_t dims[] = {2, 2};
  const double data[] = {1, 2, 3, 4};
  gvae::Hdf5Dataspace space(H5Screate_simple(2, dims, nullptr));
  if (!file || !space) return false;
  gvae::Hdf5Dataset set(H5Dcreate2(file.get(), "images", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                   H5P_DEFAULT, H5P_DEFAULT));
  if (!set || H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    return false;
  if (format != nullptr) {
    gvae::Hdf5Datatype type(H5Tcopy(H5T_C_S1));
    gvae::Hdf5Dataspace scalar(H5Screate(H5S_SCALAR));
    if (!type || H5Tset_size(type.get(), std::strlen(format)) < 0) return false;
    gvae::Hdf5Attribute attr(
        H5Acreate2(file.get(), "format", type.get(), scalar.get(), H5P_DEFAULT, H5P_DEFAULT));
    if (!attr || H5Awrite(attr.get(), type.get(), format) < 0) return false;
  }
  return true;
}

bool patchSchemaVersion(const std::string& path, int version) {
  gvae::Hdf5ErrorSilencer silence;
  gvae::Hdf5File file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
  if (!file) return false;
  gvae::Hdf5Attribute attr(H5Aopen(file.get(), "schema_version", H5P_DEFAULT));
  return attr && H5Awrite(attr.get(), H5T_NATIVE_INT, &version) >= 0;
}

/// Deletes dataset `name`; with `rows` > 0, recreates it as a float64 column of that length.
bool replaceDataset(const std::string& path, const char* name, hsize_t rows) {
  gvae::Hdf5ErrorSilencer silence;
  gvae::Hdf5File file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
  if (!file || H5Ldelete(file.get(), name, H5P_DEFAULT) < 0) return false;
  if (rows == 0) return true;
  gvae::Hdf5Dataspace space(H5Screate_simple(1, &rows, nullptr));
  gvae::Hdf5Dataset set(H5Dcreate2(file.get(), name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                   H5P_DEFAULT, H5P_DEFAULT));
  const std::vector<double> zeros(rows, 0.0);
  return set &&
         H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()) >= 0;
}

/// Rewrites the digest header of `path` for its current content: the file then passes the
/// digest check, so that the reader's own checks on a file changed by HDF5 surgery run.
bool sealDigest(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadWrite)) return false;
  const QByteArray bytes = file.readAll();
  const QByteArray body = bytes.mid(gvae::detail::kUserBlockBytes);
  const std::string sha =
      QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().toStdString();
  const std::string header = gvae::detail::digestHeader(sha, static_cast<uint64_t>(bytes.size()));
  return file.seek(0) && file.write(header.data(), static_cast<qint64>(header.size())) ==
                             static_cast<qint64>(header.size());
}

/// Offset of the first occurrence of `values` (as stored: little-endian float32) in `bytes`.
qsizetype findFloats(const QByteArray& bytes, const std::vector<float>& values) {
  const QByteArray needle(reinterpret_cast<const char*>(values.data()),
                          static_cast<qsizetype>(values.size() * sizeof(float)));
  return bytes.indexOf(needle);
}

/// Checksum layout of every dataset: H5Ovisit callback collecting the datasets that lack one
/// (no Fletcher-32 on a non-empty array, a scalar not compact) or hold variable-length strings.
herr_t auditDataset(hid_t root, const char* name, const H5O_info_t* info, void* out) {
  auto* problems = static_cast<QStringList*>(out);
  if (info->type != H5O_TYPE_DATASET) return 0;
  gvae::Hdf5Dataset set(H5Dopen2(root, name, H5P_DEFAULT));
  gvae::Hdf5Dataspace space(H5Dget_space(set.get()));
  gvae::Hdf5PropertyList dcpl(H5Dget_create_plist(set.get()));
  gvae::Hdf5Datatype type(H5Dget_type(set.get()));
  const QString path = QString::fromUtf8(name);
  if (H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0)
    problems->append(path + QStringLiteral(": variable-length strings"));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (rank == 0) {
    if (H5Pget_layout(dcpl.get()) != H5D_COMPACT)
      problems->append(path + QStringLiteral(": scalar not compact"));
  } else if (points > 0) {
    bool fletcher = false;
    for (int f = 0; f < H5Pget_nfilters(dcpl.get()); ++f) {
      unsigned flags = 0;
      size_t n = 0;
      fletcher = fletcher || H5Pget_filter2(dcpl.get(), static_cast<unsigned>(f), &flags, &n,
                                            nullptr, 0, nullptr, nullptr) == H5Z_FILTER_FLETCHER32;
    }
    if (!fletcher) problems->append(path + QStringLiteral(": no Fletcher-32"));
  }
  return 0;
}

bool writeBytes(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

}  // namespace

class TstRunFile : public QObject {
  Q_OBJECT

 public:
  /// Runs before QCoreApplication: in the killDuringWrite child, becomes the writer loop.
  static void initMain() {
    if (const char* path = std::getenv(kWriterEnv)) runWriterChild(path);
  }

 private Q_SLOTS:
  void roundTrip_data();
  void roundTrip();
  void readWithoutCheckpoint();
  void readsFilesWithoutLaterColumns();
  void schemaOneFilesStillOpen();
  void digestIsTheSha256OfTheBody();
  void everyDatasetIsChecksummed();
  void configValue();
  void readErrors_data();
  void readErrors();
  void writeIntoMissingDirectory();
  void failedOverwriteKeepsOldFile_data();
  void failedOverwriteKeepsOldFile();
  void fullDiskAndReadOnlyFolderKeepTheOldFile();
  void concurrentWritersAndReaders();
  void killDuringWrite();
  void metricsCsvHoldsEveryEpochScalar();
};

void TstRunFile::roundTrip_data() {
  QTest::addColumn<int>("kind");
  QTest::newRow("every field") << 0;
  QTest::newRow("empty record") << 1;
  QTest::newRow("epochs without gates or nodes") << 2;
  QTest::newRow("checkpoint without arrays, zero latent dims") << 3;
  QTest::newRow("gates but no epochs") << 4;
}

void TstRunFile::roundTrip() {
  QFETCH(int, kind);
  RunRecord written;
  if (kind == 0) written = fullRecord();
  if (kind == 2) {
    written.epochs.resize(3);
    for (int k = 0; k < 3; ++k) written.epochs[k].epoch = k + 1;
  }
  if (kind == 3) {
    written.checkpoint = Checkpoint{7, 700, {}, {}};
    written.latent_stats = LatentStatistics{"test", 0, {}, {}, {}, 0};
  }
  if (kind == 4) written.gate_pairs = {{1, 2}, {3, 1}};
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = str(dir.filePath(QStringLiteral("run.h5")));
  const Status written_status = writeRunFile(path, written);
  QVERIFY2(written_status.ok, written_status.message.c_str());
  QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("run.h5")});  // no temp left

  RunRecord read;
  const Status read_status = readRunFile(path, &read);
  QVERIFY2(read_status.ok, read_status.message.c_str());
  const QString diff = diffRecords(written, read);
  QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("differs in ") + diff));
}

void TstRunFile::readWithoutCheckpoint() {
  QTemporaryDir dir;
  const std::string path = str(dir.filePath(QStringLiteral("run.h5")));
  RunRecord written = fullRecord();
  QVERIFY(writeRunFile(path, written).ok);
  RunRecord read;
  const Status status = readRunFile(path, &read, /*with_checkpoint=*/false);
  QVERIFY2(status.ok, status.message.c_str());
  QVERIFY(!read.checkpoint.has_value());
  written.checkpoint.reset();
  const QString diff = diffRecords(written, read);
  QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("differs in ") + diff));
}

void TstRunFile::readsFilesWithoutLaterColumns() {
  // Run files written before the gradient norm or the validation AUC / AP were recorded open,
  // with NaN in their place; a file with the norm but not the AUC keeps its norm.
  QTemporaryDir dir;
  const std::string path = str(dir.filePath(QStringLiteral("old.h5")));
  QVERIFY(writeRunFile(path, fullRecord(3)).ok);
  QVERIFY(replaceDataset(path, "/metrics/epoch/valid_auc", 0));
  QVERIFY(replaceDataset(path, "/metrics/epoch/valid_ap", 0));
  QVERIFY(sealDigest(QString::fromStdString(path)));
  RunRecord read;
  Status status = readRunFile(path, &read, /*with_checkpoint=*/false);
  QVERIFY2(status.ok, status.message.c_str());
  QCOMPARE(read.epochs.size(), size_t(3));
  for (const EpochMetrics& e : read.epochs)
    QVERIFY(std::isnan(e.valid_auc) && std::isnan(e.valid_ap) && !std::isnan(e.grad_norm));
  QCOMPARE(read.epochs[1].grad_norm, fullRecord(3).epochs[1].grad_norm);

  QVERIFY(replaceDataset(path, "/metrics/epoch/grad_norm", 0));
  QVERIFY(sealDigest(QString::fromStdString(path)));
  status = readRunFile(path, &read, /*with_checkpoint=*/false);
  QVERIFY2(status.ok, status.message.c_str());
  for (const EpochMetrics& e : read.epochs) QVERIFY(std::isnan(e.grad_norm));
  QCOMPARE(read.epochs[2].valid_elbo, fullRecord(3).epochs[2].valid_elbo);
}

void TstRunFile::schemaOneFilesStillOpen() {
  // Written by the build before schema 2 (variable-length strings, no checksums, no digest):
  // `graphvae train` of 2 epochs, then `graphvae eval --iw-samples 2 --eval-n 50`.
  const std::string path = GRAPHVAE_TEST_DATA "/run_schema1.h5";
  RunRecord read;
  gvae::RunFileFacts facts;
  const Status status = readRunFile(path, &read, true, &facts);
  QVERIFY2(status.ok, status.message.c_str());
  QCOMPARE(facts.schema_version, int64_t{1});
  QVERIFY(!facts.digest_valid);
  QCOMPARE(QString::fromStdString(facts.sha256),
           QString::fromLatin1(QCryptographicHash::hash(
                                   [&] {
                                     QFile f(QString::fromStdString(path));
                                     return f.open(QIODevice::ReadOnly) ? f.readAll()
                                                                        : QByteArray();
                                   }(),
                                   QCryptographicHash::Sha256)
                                   .toHex()));
  QCOMPARE(QString::fromStdString(read.configValue("model")), QStringLiteral("graph"));
  QCOMPARE(read.epochs.size(), size_t(2));
  QCOMPARE(read.gate_pairs.size(), size_t(3));
  QVERIFY(read.checkpoint.has_value());
  QCOMPARE(read.checkpoint->epoch, int64_t{2});
  QCOMPARE(read.checkpoint->model.size() + read.checkpoint->optimizer.size(), size_t(95));
  double test_elbo = 0;
  for (const auto& [name, v] : read.eval_results)
    if (name == "test_elbo") test_elbo = v;
  QVERIFY(std::abs(test_elbo - -140.34) < 0.01);
  // Rewritten, it becomes schema 2 with the same content.
  QTemporaryDir dir;
  const std::string copy = str(dir.filePath(QStringLiteral("v2.h5")));
  QVERIFY(writeRunFile(copy, read).ok);
  RunRecord again;
  QVERIFY(readRunFile(copy, &again, true, &facts).ok);
  QCOMPARE(facts.schema_version, int64_t{gvae::kRunSchemaVersion});
  QVERIFY(facts.digest_valid);
  QVERIFY2(diffRecords(read, again).isEmpty(), qPrintable(diffRecords(read, again)));
}

void TstRunFile::digestIsTheSha256OfTheBody() {
  // The header is plain text a user can check: `tail -c +513 run.h5 | sha256sum`.
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  QVERIFY(writeRunFile(str(path), fullRecord()).ok);
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray bytes = file.readAll();
  const QByteArray sha =
      QCryptographicHash::hash(bytes.mid(512), QCryptographicHash::Sha256).toHex();
  const QByteArray header = QByteArray("GraphVAE run file\nsha256 ") + sha + "\nbytes " +
                            QByteArray::number(bytes.size()) + "\n";
  QCOMPARE(bytes.left(header.size()), header);
  QCOMPARE(bytes.mid(header.size(), 512 - header.size()), QByteArray(512 - header.size(), '\0'));
  QCOMPARE(bytes.mid(512, 8), QByteArray("\x89HDF\r\n\x1a\n", 8));  // HDF5 after its user block
}

void TstRunFile::everyDatasetIsChecksummed() {
  QTemporaryDir dir;
  const std::string path = str(dir.filePath(QStringLiteral("run.h5")));
  RunRecord r = fullRecord();
  r.structure = gvae::StructureReport{};
  r.structure->factor_names = {"shape", "scale"};
  r.structure->factor_r2 = {0.5, 0.25};
  r.structure->node_of_factor = {1, -1};
  gvae::EdgeImportance edge;
  edge.from = 1;
  edge.to = 2;
  r.structure->edges = {edge};
  r.structure->learned_edges = {{1, 2}};
  QVERIFY(writeRunFile(path, r).ok);
  gvae::Hdf5ErrorSilencer silence;
  gvae::Hdf5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  QVERIFY(file);
  QStringList problems;
  QVERIFY(H5Ovisit(file.get(), H5_INDEX_NAME, H5_ITER_NATIVE, auditDataset, &problems) >= 0);
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

void TstRunFile::configValue() {
  const RunRecord r = fullRecord(1);
  auto value = [&r](const char* key, const char* fallback = "") {
    return QString::fromStdString(r.configValue(key, fallback));
  };
  QCOMPARE(value("lr"), QStringLiteral("0.001"));
  QCOMPARE(value("empty", "fallback"), QString());
  QCOMPARE(value("absent", "fallback"), QStringLiteral("fallback"));
  QCOMPARE(QString::fromStdString(r.configValue("absent")), QString());
}

void TstRunFile::readErrors_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<QString>("expected");
  const QString not_hdf5 = QStringLiteral("not an HDF5 file or corrupt/truncated");
  const QString foreign = QStringLiteral("not a GraphVAE run file (foreign HDF5 file)");
  QTest::newRow("missing file") << QStringLiteral("missing")
                                << QStringLiteral("file does not exist");
  QTest::newRow("directory") << QStringLiteral("directory") << QStringLiteral("is a directory");
  QTest::newRow("text file named .h5") << QStringLiteral("text") << not_hdf5;
  QTest::newRow("empty file") << QStringLiteral("empty") << not_hdf5;
  QTest::newRow("truncated to half")
      << QStringLiteral("truncated") << QStringLiteral("file digest mismatch: the file has");
  QTest::newRow("one byte changed in the weights")
      << QStringLiteral("flipped-weight")
      << QStringLiteral("file digest mismatch: its content changed after it was written");
  QTest::newRow("weights changed, digest header wiped")
      << QStringLiteral("flipped-weight-no-digest")
      << QStringLiteral("checksum mismatch in /checkpoint/model/encoder.0.weight");
  QTest::newRow("foreign HDF5 file") << QStringLiteral("foreign") << foreign;
  QTest::newRow("other format attribute") << QStringLiteral("other-format") << foreign;
  QTest::newRow("newer schema")
      << QStringLiteral("newer")
      << QStringLiteral("written by a newer GraphVAE Studio (schema %1, this build reads up to %2)")
             .arg(gvae::kRunSchemaVersion + 1)
             .arg(gvae::kRunSchemaVersion);
  QTest::newRow("ill-shaped column")
      << QStringLiteral("short-column")
      << QStringLiteral("corrupt: /metrics/epoch/valid_elbo has 3 rows, expected 5");
  QTest::newRow("missing dataset")
      << QStringLiteral("missing-dataset") << QStringLiteral("corrupt: missing dataset /gates/mu");
}

void TstRunFile::readErrors() {
  QFETCH(QString, kind);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString qpath = dir.filePath(QStringLiteral("run.h5"));
  const std::string path = str(qpath);
  if (kind == QLatin1String("directory")) QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("run.h5")));
  if (kind == QLatin1String("text")) QVERIFY(writeBytes(qpath, "epoch,elbo\n1,-100\n"));
  if (kind == QLatin1String("empty")) QVERIFY(writeBytes(qpath, {}));
  if (kind == QLatin1String("truncated")) {
    QVERIFY(writeRunFile(path, fullRecord()).ok);
    QFile file(qpath);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() / 2));
  }
  if (kind == QLatin1String("foreign")) QVERIFY(createForeignFile(path, nullptr));
  if (kind == QLatin1String("other-format")) QVERIFY(createForeignFile(path, "other-run"));
  if (kind == QLatin1String("newer")) {
    QVERIFY(writeRunFile(path, fullRecord()).ok);
    QVERIFY(patchSchemaVersion(path, gvae::kRunSchemaVersion + 1));
    QVERIFY(sealDigest(qpath));
  }
  if (kind.startsWith(QLatin1String("flipped-weight"))) {
    const RunRecord r = fullRecord();
    QVERIFY(writeRunFile(path, r).ok);
    QFile file(qpath);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    const qsizetype at = findFloats(bytes, r.checkpoint->model[0].values);
    QVERIFY(at > 0);
    bytes[at + 5] = static_cast<char>(bytes[at + 5] ^ 0x10);
    if (kind.endsWith(QLatin1String("no-digest"))) bytes.replace(0, 512, QByteArray(512, '\0'));
    QVERIFY(file.seek(0) && file.write(bytes) == bytes.size());
  }
  if (kind == QLatin1String("short-column")) {
    QVERIFY(writeRunFile(path, fullRecord(5)).ok);
    QVERIFY(replaceDataset(path, "/metrics/epoch/valid_elbo", 3));
    QVERIFY(sealDigest(qpath));
  }
  if (kind == QLatin1String("missing-dataset")) {
    QVERIFY(writeRunFile(path, fullRecord()).ok);
    QVERIFY(replaceDataset(path, "/gates/mu", 0));
    QVERIFY(sealDigest(qpath));
  }

  RunRecord record;
  record.config = {{"untouched", "yes"}};
  const Status status = readRunFile(path, &record);
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(qpath), status.message.c_str());
  QVERIFY2(QString::fromStdString(status.message).contains(expected), status.message.c_str());
  QCOMPARE(QString::fromStdString(record.configValue("untouched")),
           QStringLiteral("yes"));  // a failed read changes nothing
}

void TstRunFile::writeIntoMissingDirectory() {
  QTemporaryDir dir;
  const QString qpath = dir.filePath(QStringLiteral("no/such/dir/run.h5"));
  const Status status = writeRunFile(str(qpath), fullRecord());
  QVERIFY(!status.ok);
  const QString message = QString::fromStdString(status.message);
  QVERIFY2(message.contains(qpath), status.message.c_str());
  QVERIFY2(message.contains(QStringLiteral("No such file or directory")), status.message.c_str());
  QVERIFY(entries(dir.path()).isEmpty());
}

void TstRunFile::failedOverwriteKeepsOldFile_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<QString>("expected");
  QTest::newRow("ragged gate_mu") << QStringLiteral("gates") << QStringLiteral("gate means");
  QTest::newRow("ragged node_kl") << QStringLiteral("nodes") << QStringLiteral("node KL values");
  QTest::newRow("shape/value mismatch")
      << QStringLiteral("shape") << QStringLiteral("checkpoint array 'encoder.0.bias'");
  QTest::newRow("duplicate config key")
      << QStringLiteral("config") << QStringLiteral("duplicate config key 'lr'");
  // RLIMIT_FSIZE makes write() fail mid-file with EFBIG, standing in for a full disk.
  QTest::newRow("file size limit (like a full disk)")
      << QStringLiteral("fsize") << QStringLiteral("File too large");
}

void TstRunFile::failedOverwriteKeepsOldFile() {
  QFETCH(QString, kind);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  const QString qpath = dir.filePath(QStringLiteral("run.h5"));
  const std::string path = str(qpath);
  const RunRecord old_record = fullRecord(2);
  QVERIFY(writeRunFile(path, old_record).ok);

  RunRecord bad = fullRecord(5);
  if (kind == QLatin1String("gates")) bad.epochs[3].gate_mu.pop_back();
  if (kind == QLatin1String("nodes")) bad.epochs[2].node_kl.push_back(1.0);
  if (kind == QLatin1String("shape")) bad.checkpoint->model[1].shape = {5};
  if (kind == QLatin1String("config")) bad.config.emplace_back("lr", "0.1");
  Status status;
  if (kind == QLatin1String("fsize")) {
    bad.checkpoint->model[0] = {"huge", {1 << 20}, std::vector<float>(1 << 20, 1.f)};  // 4 MB
    rlimit saved{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    rlimit small = saved;
    small.rlim_cur = 1 << 20;
    auto* saved_handler = signal(SIGXFSZ, SIG_IGN);
    QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
    status = writeRunFile(path, bad);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, saved_handler);
  } else {
    status = writeRunFile(path, bad);
  }
  QVERIFY(!status.ok);
  QVERIFY2(QString::fromStdString(status.message).contains(qpath), status.message.c_str());
  QVERIFY2(QString::fromStdString(status.message).contains(expected), status.message.c_str());
  QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("run.h5")});  // temp file removed

  RunRecord read;
  const Status read_status = readRunFile(path, &read);
  QVERIFY2(read_status.ok, read_status.message.c_str());
  const QString diff = diffRecords(old_record, read);
  QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("old file changed in ") + diff));
}

void TstRunFile::fullDiskAndReadOnlyFolderKeepTheOldFile() {
  // A real small file system: a 256 KB tmpfs mounted for the test (root with mount rights,
  // as on CI's machine); elsewhere the RLIMIT_FSIZE row above stands in.
  QTemporaryDir dir;
  const std::string mnt = str(dir.path());
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=256k") != 0)
    QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs here (%1): the full-disk case "
                                    "is covered by the file-size-limit row only")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)))));
  struct Unmount {
    std::string at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string path = mnt + "/run.h5";
  const RunRecord old_record = fullRecord(2);
  QVERIFY(writeRunFile(path, old_record).ok);
  const auto oldIntact = [&] {
    RunRecord read;
    return readRunFile(path, &read).ok && diffRecords(old_record, read).isEmpty();
  };

  RunRecord big = fullRecord(3);  // 1 MB of weights: more than the disk holds
  big.checkpoint->model[0] = {"huge", {1 << 18}, std::vector<float>(1 << 18, 1.f)};
  Status st = writeRunFile(path, big);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(std::strerror(ENOSPC)) != std::string::npos, st.message.c_str());
  QVERIFY2(st.message.find(path) != std::string::npos, st.message.c_str());
  QVERIFY(oldIntact());
  QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("run.h5")});  // no temp file left

  QVERIFY(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=256k") == 0);
  st = writeRunFile(path, fullRecord(3));
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(std::strerror(EROFS)) != std::string::npos, st.message.c_str());
  QVERIFY(oldIntact());
}

void TstRunFile::concurrentWritersAndReaders() {
  QTemporaryDir dir;
  const RunRecord record = fullRecord(3);
  std::atomic<int> failures{0};
  auto work = [&](int id) {
    const std::string path = str(dir.filePath(QStringLiteral("run%1.h5").arg(id)));
    for (int i = 0; i < 15; ++i) {
      RunRecord read;
      if (!writeRunFile(path, record).ok || !readRunFile(path, &read).ok ||
          !diffRecords(record, read).isEmpty()) {
        ++failures;
      }
    }
  };
  std::thread a(work, 0), b(work, 1), c(work, 2);
  a.join();
  b.join();
  c.join();
  QCOMPARE(failures.load(), 0);
}

void TstRunFile::killDuringWrite() {
  QTemporaryDir dir;
  const QString qpath = dir.filePath(QStringLiteral("run.h5"));
  const std::string path = str(qpath);
  QVERIFY(writeRunFile(path, killRecord(0)).ok);
  // Delays after the child's first completed write (50-150 ms here): the kill
  // lands at different points of the next one (building the image, write, fsync, rename).
  const int delays_ms[] = {3, 31, 62, 94, 125};
  for (int delay : delays_ms) {
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kWriterEnv), qpath);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    long long reported = -1;
    while (reported < 0) {
      QVERIFY2(child.waitForReadyRead(20000), "writer child wrote nothing (see its stderr)");
      while (child.canReadLine()) reported = child.readLine().trimmed().toLongLong();
    }
    QThread::msleep(delay);
    child.kill();  // SIGKILL on Unix
    QVERIFY(child.waitForFinished(10000));
    while (child.canReadLine()) reported = child.readLine().trimmed().toLongLong();

    RunRecord read;
    const Status status = readRunFile(path, &read);
    QVERIFY2(status.ok, status.message.c_str());
    const auto n = static_cast<int64_t>(read.epochs.size());
    QVERIFY2(
        n == reported || n == reported + 1,
        qPrintable(QStringLiteral("file has %1 epochs, child reported %2").arg(n).arg(reported)));
    QCOMPARE(QString::fromStdString(read.configValue("generation")), QString::number(n));
    QCOMPARE(int64_t(read.events.size()), n);
    QVERIFY(read.checkpoint.has_value());
    QCOMPARE(read.checkpoint->epoch, n);
    QCOMPARE(read.checkpoint->model.size(), size_t(1));
    const std::vector<float>& values = read.checkpoint->model[0].values;
    QCOMPARE(values.size(), kKillFloats);
    QVERIFY(std::all_of(values.begin(), values.end(), [n](float v) { return v == float(n); }));
    // Only the killed child's temp file may remain beside the run file.
    for (const QString& name : entries(dir.path())) {
      if (name == QLatin1String("run.h5")) continue;
      QVERIFY2(name.startsWith(QLatin1String("run.h5.tmp-")), qPrintable(name));
      QVERIFY(QFile::remove(dir.filePath(name)));
    }
  }
}

void TstRunFile::metricsCsvHoldsEveryEpochScalar() {
  RunRecord r;
  r.gate_pairs = {{2, 1}, {-1, 2}};  // an ordinary and a recurrent gate
  EpochMetrics e;
  e.epoch = 1;
  e.step = 40;
  e.train_elbo = -101.5;
  e.valid_elbo = -99.25;
  e.valid_gates = "sampled";
  e.tau = 0.99;
  e.lr = 1e-3;
  e.samples_per_s = 7350.5;
  e.grad_norm = 12.25;
  e.skipped_steps = 2;
  e.node_kl = {3.5, 0.01};
  e.gate_mu = {0.75, 0.125};
  e.gate_frozen = {gvae::kGateFree, gvae::kGateFrozenOn};
  e.importance_relaxed = {-1.5, std::numeric_limits<double>::quiet_NaN()};
  r.epochs.push_back(e);
  e.epoch = 2;
  e.node_kl = {4.0};  // a node missing: its cell stays empty
  e.importance_relaxed.clear();
  r.epochs.push_back(e);
  r.steps = {{20, 1, -120.5, 90, 30.5}, {40, 1, -110, 85, 25}};

  QVERIFY(!QString::fromStdString(epochMetricsCsv(r)).contains(QLatin1String("valid_auc")));
  r.epochs[0].valid_auc = 0.875;  // a graph model's link prediction
  r.epochs[0].valid_ap = 0.8125;
  const QStringList lines = QString::fromStdString(epochMetricsCsv(r)).split('\n');
  QCOMPARE(lines.size(), 4);  // header, two epochs, the final newline's empty tail
  const QStringList head = lines[0].split(',');
  for (const char* column :
       {"train_elbo", "valid_elbo", "valid_gates", "tau", "lr", "samples_per_s", "grad_norm",
        "skipped_steps", "kl_z1", "kl_z2", "mu_z2_z1", "frozen_z1prev_z2", "off_relaxed_z2_z1",
        "off_sampled_z2_z1"})
    QVERIFY2(head.contains(QLatin1String(column)), column);
  auto cell = [&](int row, const char* column) {
    return lines[row].split(',').value(head.indexOf(QLatin1String(column)));
  };
  QCOMPARE(cell(1, "epoch"), QStringLiteral("1"));
  QCOMPARE(cell(1, "valid_elbo"), QStringLiteral("-99.25"));
  QCOMPARE(cell(1, "valid_gates"), QStringLiteral("sampled"));
  QCOMPARE(cell(1, "lr"), QStringLiteral("0.001"));
  QCOMPARE(cell(1, "samples_per_s"), QStringLiteral("7350.5"));
  QCOMPARE(cell(1, "skipped_steps"), QStringLiteral("2"));
  QCOMPARE(cell(1, "grad_norm"), QStringLiteral("12.25"));
  QCOMPARE(cell(1, "valid_auc"), QStringLiteral("0.875"));
  QCOMPARE(cell(1, "valid_ap"), QStringLiteral("0.8125"));
  QCOMPARE(cell(2, "valid_auc"), QStringLiteral("nan"));
  QCOMPARE(cell(1, "kl_z2"), QStringLiteral("0.01"));
  QCOMPARE(cell(1, "mu_z2_z1"), QStringLiteral("0.75"));
  QCOMPARE(cell(1, "mu_z1prev_z2"), QStringLiteral("0.125"));
  QCOMPARE(cell(1, "frozen_z2_z1"), QStringLiteral("-1"));
  QCOMPARE(cell(1, "frozen_z1prev_z2"), QStringLiteral("1"));
  QCOMPARE(cell(1, "off_relaxed_z2_z1"), QStringLiteral("-1.5"));
  QCOMPARE(cell(1, "off_relaxed_z1prev_z2"), QStringLiteral("nan"));
  QCOMPARE(cell(1, "off_sampled_z2_z1"), QString());  // not measured
  QCOMPARE(cell(2, "kl_z2"), QString());
  QCOMPARE(cell(2, "off_relaxed_z2_z1"), QString());
  for (const QString& line : lines.mid(1, 2))
    QCOMPARE(line.count(','), lines[0].count(','));  // every row as wide as the header

  QCOMPARE(QString::fromStdString(stepMetricsCsv(r)),
           QStringLiteral("step,epoch,elbo,nll,kl\n20,1,-120.5,90,30.5\n40,1,-110,85,25\n"));
}

QTEST_GUILESS_MAIN(TstRunFile)
#include "tst_run_file.moc"
