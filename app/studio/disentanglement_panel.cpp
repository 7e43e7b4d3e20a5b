// DisentanglementPanel: the scores table and the factor x latent grid of a report.
#include "app/studio/disentanglement_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/value_grid.h"

namespace gvae {

DisentanglementPanel::DisentanglementPanel(QWidget* parent) : QWidget(parent) {
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  summary_->setObjectName(QStringLiteral("disentanglementSummary"));
  table_ = new QTableWidget(0, 2);
  table_->setObjectName(QStringLiteral("disentanglementScores"));
  table_->setHorizontalHeaderLabels({tr("Metric"), tr("Score")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  matrix_ = new QComboBox;
  matrix_->setObjectName(QStringLiteral("disentanglementMatrix"));
  matrix_->addItem(tr("Mutual information / H(factor)"));
  matrix_->addItem(tr("DCI importance"));
  grid_ = new ValueGrid(QStringLiteral("disentanglement"),
                        tr("Not measured yet: Evaluate with “Disentanglement” checked (data "
                           "with known factors: the sprites), or `graphvae eval "
                           "--disentanglement`."));
  grid_->setObjectName(QStringLiteral("disentanglementGrid"));
  auto* left = new QVBoxLayout;
  left->addWidget(summary_);
  left->addWidget(table_, 1);
  left->addWidget(matrix_);
  auto* layout = new QHBoxLayout(this);
  layout->addLayout(left, 2);
  layout->addWidget(grid_, 5);
  connect(matrix_, &QComboBox::currentIndexChanged, this, [this] { updateGrid(); });
  clear();
}

void DisentanglementPanel::setReport(const std::optional<DisentanglementReport>& report,
                                     int node_dim) {
  report_ = report;
  node_dim_ = std::max(1, node_dim);
  table_->setRowCount(0);
  if (!report_) {
    summary_->setText(tr("No disentanglement scores for this run."));
    updateGrid();
    return;
  }
  const DisentanglementReport& r = *report_;
  summary_->setText(tr("Fitted on %1 examples, scored on %2; %3 of %4 latents active.")
                        .arg(r.n_fit)
                        .arg(r.n_score)
                        .arg(r.active_latents)
                        .arg(r.latents));
  const std::vector<std::pair<QString, QString>> meaning = {
      {tr("β-VAE metric"),
       tr("Accuracy of a linear classifier naming the factor two examples share from "
          "|z_a − z_b| (chance: 1 / factors)")},
      {tr("FactorVAE metric"),
       tr("Majority-vote accuracy naming the fixed factor from the latent that varies least")},
      {tr("MIG"), tr("Mean over factors of the gap between its two most informative latents, / H")},
      {tr("DCI disentanglement"), tr("How much each latent concentrates on one factor")},
      {tr("DCI completeness"), tr("How much each factor is captured by one latent")},
      {tr("DCI informativeness"), tr("Held-out R² of the factors from all latents")}};
  const auto scores = disentanglementScores(r);
  table_->setRowCount(static_cast<int>(scores.size()));
  for (size_t k = 0; k < scores.size(); ++k) {
    auto* name = new QTableWidgetItem(meaning[k].first);
    name->setToolTip(meaning[k].second);
    const double v = scores[k].second;
    auto* value =
        new QTableWidgetItem(std::isnan(v) ? tr("undefined") : locale().toString(v, 'f', 3));
    value->setToolTip(std::isnan(v) ? tr("No active latent") : meaning[k].second);
    value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(static_cast<int>(k), 0, name);
    table_->setItem(static_cast<int>(k), 1, value);
  }
  updateGrid();
}

void DisentanglementPanel::showMatrix(int which) { matrix_->setCurrentIndex(which); }

QString DisentanglementPanel::summary() const { return summary_->text(); }

void DisentanglementPanel::updateGrid() {
  if (!report_) {
    grid_->clearContent();
    return;
  }
  const DisentanglementReport& r = *report_;
  const bool mi = matrix_->currentIndex() == 0;
  const std::vector<double>& m = mi ? r.mutual_information : r.importance;
  const size_t K = r.factor_names.size(), L = static_cast<size_t>(r.latents);
  if (m.size() != K * L) {
    grid_->clearContent();
    return;
  }
  ValueGrid::Content c;
  c.title = mi ? tr("Mutual information of each latent with each factor, / H(factor)")
               : tr("DCI importance of each latent for each factor");
  for (size_t j = 0; j < L; ++j)
    c.columns.push_back(
        node_dim_ > 1
            ? QStringLiteral("z%1.%2").arg(j / size_t(node_dim_) + 1).arg(j % size_t(node_dim_) + 1)
            : QStringLiteral("z%1").arg(j + 1));
  for (size_t k = 0; k < K; ++k) {
    c.rows.push_back(QString::fromStdString(r.factor_names[k]));
    size_t best = 0;
    for (size_t j = 0; j < L; ++j) {
      c.values.push_back(m[j * K + k]);
      if (m[j * K + k] > m[best * K + k]) best = j;
    }
    for (size_t j = 0; j < L; ++j) c.outlined.push_back(j == best);
  }
  c.caption = mi ? tr("Test split; the outlined cell is each factor's most informative latent. "
                      "MIG is the mean gap between each row's two largest values.")
                 : tr("Linear regression of each factor on the standardized latents; each row "
                      "sums to 1. The outlined cell is each factor's most important latent.");
  grid_->setContent(std::move(c));
}

}  // namespace gvae
