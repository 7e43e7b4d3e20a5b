// One color per gate edge, shared by the gate-mean plot and the DAG view so an edge reads the same
// in both; the subscripted node names of the gate-mean plot and the node KL bars.
#pragma once

#include <QColor>
#include <QString>

namespace gvae {

/// Color of gate `g` (index into RunRecord::gate_pairs); distinct for the first 10, then cycling
/// through hues.
inline QColor edgeColor(int g) {
  static const QRgb kTab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
  if (g >= 0 && g < 10) return QColor(kTab10[g]);
  return QColor::fromHsv((g * 47) % 360, 200, 190);
}

/// "z₁", "z₁₂": the node name with a Unicode subscript index.
inline QString nodeLabel(int index) {
  QString digits = QString::number(index);
  for (QChar& c : digits) c = QChar(0x2080 + c.digitValue());
  return QStringLiteral("z") + digits;
}

}  // namespace gvae
