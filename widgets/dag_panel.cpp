// DagPanel: toolbar wiring around the DAG view; every training-side action leaves as a signal.
#include "widgets/dag_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "widgets/dag_view.h"
#include "widgets/gate_matrix_view.h"

namespace gvae {

DagPanel::DagPanel(QWidget* parent) : QWidget(parent) {
  view_ = new DagView(this);
  view_->setObjectName(QStringLiteral("dagView"));

  eps_spin_ = new QDoubleSpinBox(this);
  eps_spin_->setObjectName(QStringLiteral("epsSpin"));
  eps_spin_->setDecimals(3);
  eps_spin_->setRange(0.001, 0.49);
  eps_spin_->setSingleStep(0.01);
  eps_spin_->setValue(0.05);
  eps_spin_->setToolTip(tr("Tolerance ε of \"Freeze converged\""));
  auto* eps_label = new QLabel(tr("ε:"), this);
  eps_label->setBuddy(eps_spin_);

  freeze_button_ = new QPushButton(tr("Freeze converged"), this);
  freeze_button_->setObjectName(QStringLiteral("freezeConverged"));
  freeze_button_->setToolTip(
      tr("Freeze every free gate whose mean has converged, |μ − round(μ)| < ε, to round(μ) "
         "(0 or 1)."));
  sample_button_ = new QPushButton(tr("Sample a structure"), this);
  sample_button_->setObjectName(QStringLiteral("sampleStructure"));
  sample_button_->setToolTip(
      tr("Draw one graph: each free edge is present with probability μ; frozen edges keep their "
         "value."));
  means_button_ = new QPushButton(tr("Show μ"), this);
  means_button_->setObjectName(QStringLiteral("showMeans"));
  means_button_->setToolTip(tr("Draw every edge by its mean μ again."));
  means_button_->setEnabled(false);

  width_by_ = new QComboBox(this);
  width_by_->setObjectName(QStringLiteral("widthBy"));
  width_by_->addItem(tr("Width: μ"));
  width_by_->addItem(tr("Width: importance"));
  width_by_->setToolTip(
      tr("Draw edges by their gate mean μ, or by importance: how much the validation ELBO "
         "drops when the edge is forced off (measured after each epoch)."));
  connect(width_by_, &QComboBox::currentIndexChanged, this,
          [this](int index) { view_->setWidthByImportance(index == 1); });

  // Two rows: the gates and the view above, how edges are drawn below. Their widths set the
  // dock's least width, and with the curves and the run setup beside it, the window's: at most
  // about 330 pixels each, in German too, or the window outgrows a 1366-pixel screen.
  auto* bar = new QHBoxLayout;
  bar->addWidget(eps_label);
  bar->addWidget(eps_spin_);
  bar->addWidget(freeze_button_);
  matrix_ = new GateMatrixView(this);
  matrix_->setObjectName(QStringLiteral("gateMatrix"));
  shown_ = new QComboBox(this);
  shown_->setObjectName(QStringLiteral("dagOrMatrix"));
  shown_->addItem(tr("Graph"));
  shown_->addItem(tr("Matrix"));
  shown_->setToolTip(
      tr("The DAG, or μ of every gate as a matrix (targets by sources; chosen by itself for "
         "models with more than %1 gates)")
          .arg(kMatrixAbove));
  bar->addWidget(shown_);
  bar->addStretch(1);
  auto* bar2 = new QHBoxLayout;
  bar2->addWidget(sample_button_);
  bar2->addWidget(means_button_);
  bar2->addWidget(width_by_);
  bar2->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addLayout(bar2);
  note_ = new QLabel;
  note_->setWordWrap(true);
  note_->setObjectName(QStringLiteral("dagNote"));
  note_->hide();
  layout->addWidget(note_);
  stack_ = new QStackedWidget(this);
  stack_->addWidget(view_);
  stack_->addWidget(matrix_);
  layout->addWidget(stack_, 1);
  connect(shown_, &QComboBox::currentIndexChanged, stack_, &QStackedWidget::setCurrentIndex);

  connect(freeze_button_, &QPushButton::clicked, this, &DagPanel::onFreezeConvergedClicked);
  connect(sample_button_, &QPushButton::clicked, this, &DagPanel::onSampleClicked);
  connect(means_button_, &QPushButton::clicked, view_, &DagView::showMeans);
  connect(view_, &DagView::sampleModeChanged, this, &DagPanel::onSampleModeChanged);
  connect(view_, &DagView::freezeRequested, this, &DagPanel::freezeRequested);
}

void DagPanel::setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  view_->setGraph(nodes, pairs);
  matrix_->setGraph(nodes, pairs);
  // Many gates (recurrent-graph's 35) make a graph of crossing edges: the matrix reads better.
  shown_->setCurrentIndex(static_cast<int>(pairs.size()) > kMatrixAbove ? 1 : 0);
}

void DagPanel::setGates(const std::vector<double>& mu, const std::vector<int8_t>& frozen) {
  view_->setGates(mu, frozen);
  matrix_->setGates(mu, std::vector<signed char>(frozen.begin(), frozen.end()));
}

bool DagPanel::showingMatrix() const { return stack_->currentIndex() == 1; }

void DagPanel::showMatrix(bool matrix) { shown_->setCurrentIndex(matrix ? 1 : 0); }

double DagPanel::epsilon() const { return eps_spin_->value(); }

void DagPanel::setEpsilon(double eps) { eps_spin_->setValue(eps); }

void DagPanel::onFreezeConvergedClicked() { Q_EMIT freezeConvergedRequested(eps_spin_->value()); }

void DagPanel::onSampleClicked() { view_->sampleStructure(QRandomGenerator::global()->generate()); }

void DagPanel::onSampleModeChanged(bool showingSample) { means_button_->setEnabled(showingSample); }

void DagPanel::setNote(const QString& note, bool controls) {
  note_->setText(note);
  note_->setVisible(!note.isEmpty());
  eps_spin_->setEnabled(controls);
  freeze_button_->setEnabled(controls);
  sample_button_->setEnabled(controls);
}

QString DagPanel::note() const { return note_->text(); }

}  // namespace gvae
