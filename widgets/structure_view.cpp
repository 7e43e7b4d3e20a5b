// StructureView: a structure report's R^2 grid on a ValueGrid, z_N on the top row.
#include "widgets/structure_view.h"

namespace gvae {

StructureView::StructureView(QWidget* parent)
    : ValueGrid(QStringLiteral("structure"),
                tr("No ground truth: the dataset has no known factors, or no structure was "
                   "measured yet"),
                parent) {}

void StructureView::setReport(const StructureReport& r) {
  const size_t K = r.factor_names.size();
  if (K == 0) {
    clearContent();
    return;
  }
  const int N = static_cast<int>(r.factor_r2.size() / K);
  Content c;
  c.title = tr("R² of each factor from each node (fit: validation, score: test)");
  for (const auto& n : r.factor_names) c.columns.push_back(QString::fromStdString(n));
  for (int row = 0; row < N; ++row) {
    const int node = N - 1 - row;  // z_N on top, as in the DAG
    c.rows.push_back(QStringLiteral("z%1").arg(node + 1));
    for (size_t k = 0; k < K; ++k) {
      c.values.push_back(r.factor_r2[size_t(node) * K + k]);
      c.outlined.push_back(k < r.node_of_factor.size() && r.node_of_factor[k] == node + 1);
    }
  }
  c.caption = QString::fromStdString(r.alignment_verdict);
  setContent(std::move(c));
}

void StructureView::clear() { clearContent(); }

double StructureView::r2(int node, int column) const { return valueAt(nodes() - 1 - node, column); }

bool StructureView::aligned(int node, int column) const {
  return outlinedAt(nodes() - 1 - node, column);
}

bool StructureView::cellAt(const QPoint& pos, int* node, int* column) const {
  int row = -1;
  if (!gridCellAt(pos, &row, column)) return false;
  *node = nodes() - 1 - row;
  return true;
}

}  // namespace gvae
