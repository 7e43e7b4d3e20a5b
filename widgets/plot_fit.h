// QCustomPlot plots fitted to the room they get: their least size told to the layouts they
// live in, no more tick labels than an axis has room for, labels whole or brief, and a note
// where a plot has nothing to draw.
#pragma once

#include <QSize>
#include <QString>

class QCPAxis;
class QCPItemText;
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

/// Asks `axis` for as many ticks as it has room for, at most `most`: the largest count whose
/// labels, as the ticker makes them for the axis's range, keep a few pixels apart at the
/// axis's length as laid out (at least 2). Labels of a narrow axis ran into each other:
/// "-3.532.521.5". Call after each layout (QCustomPlot::afterLayout): QCustomPlot makes the
/// ticks before it lays out, so when this changes the count (true), the caller replots.
bool spaceTicks(QCPAxis* axis, int most);

/// Labels `axis` with `full` where it fits beside the axis (centred on the axis rect, within
/// the plot) and with `brief` where it does not: a long label on a short axis was cut at both
/// ends. Call after each layout (QCustomPlot::afterLayout): the label's room is known then, and
/// its text does not change the layout. True when the label changed.
bool fitAxisLabel(QCPAxis* axis, const QString& full, const QString& brief);

/// A grey note centred on `plot`'s axes, hidden until the caller shows it: why the plot is
/// empty ("No learned gates in this model").
QCPItemText* addEmptyNote(QCustomPlot* plot, const QString& text);

}  // namespace gvae
