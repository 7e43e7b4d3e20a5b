// StructurePanel: the R^2 grid and the learned-versus-true DAG of a structure report.
#include "app/studio/structure_panel.h"

#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "core/eval/ground_truth.h"
#include "widgets/dag_view.h"
#include "widgets/structure_view.h"

namespace gvae {

StructurePanel::StructurePanel(QWidget* parent) : QWidget(parent) {
  grid_ = new StructureView;
  grid_->setObjectName(QStringLiteral("structureGrid"));
  dag_ = new DagView;
  dag_->setObjectName(QStringLiteral("structureDag"));
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  summary_->setObjectName(QStringLiteral("structureSummary"));
  auto* right = new QWidget;
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addWidget(summary_);
  right_layout->addWidget(dag_, 1);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(grid_);
  split->addWidget(right);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
  clear();
}

void StructurePanel::clear() { setReport({}); }

void StructurePanel::setReport(const StructureReport& r) {
  grid_->setReport(r);
  if (r.factor_names.empty()) {
    summary_->setText(
        tr("Ground truth needs a dataset with known generative factors (the "
           "embedded sprites) and a model with learned gates."));
    dag_->setGraph(0, {});
    return;
  }
  if (!r.aligned) {
    summary_->setText(
        tr("No comparison with the true DAG: the nodes do not stand for the "
           "factors (see the verdict under the grid)."));
    dag_->setGraph(0, {});
    return;
  }
  const DagComparison c = compareDags(r.learned_edges, r.true_edges);
  NodeEdges pairs = c.correct;
  std::vector<int8_t> marks(pairs.size(), DagView::kEdgeAsIs);
  for (auto [list, mark] :
       {std::pair{&c.extra, DagView::kEdgeExtra}, std::pair{&c.missing, DagView::kEdgeMissing},
        std::pair{&c.reversed, DagView::kEdgeReversed}})
    for (const auto& e : *list) {
      pairs.push_back(e);
      marks.push_back(mark);
    }
  dag_->setGraph(grid_->nodes(), pairs);
  dag_->setGates(std::vector<double>(pairs.size(), 1.0), std::vector<int8_t>(pairs.size(), -1));
  dag_->setEdgeMarks(marks);
  summary_->setText(
      tr("Learned DAG (μ > 0.5) against the true one: SHD %1 · precision %2 · "
         "recall %3. Black: in both; red: extra; dashed red: missing; orange: reversed.")
          .arg(c.shd)
          .arg(locale().toString(c.precision, 'f', 2), locale().toString(c.recall, 'f', 2)));
}

QString StructurePanel::summary() const { return summary_->text(); }

}  // namespace gvae
