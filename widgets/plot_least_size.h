// The least size of a QCustomPlot, told to the layouts it lives in.
#pragma once

#include <QSize>

class QCustomPlot;
class QWidget;

namespace gvae {

/// The least size `plot` needs for its titles, tick labels and legend as last laid out.
/// (QCustomPlot makes minimumSizeHint() protected; QWidget's is public.)
QSize leastSize(const QCustomPlot* plot);

/// Call after each of `plot`'s layouts (QCustomPlot::afterLayout). QCustomPlot never tells its
/// layout that the least size changed (a new title, longer tick labels), so the layout kept an
/// old one and squeezed the plot, its title cut off. When it differs from `*last`, `owner`
/// (the plot, or the widget whose size hints include it) asks its layout anew.
void updateWhenLeastSizeChanges(const QCustomPlot* plot, QSize* last, QWidget* owner);

}  // namespace gvae
