#pragma once

// A one-line label that shrinks with its layout and elides its text (the whole text in the
// tooltip), so a long file path or message never makes the window wider than the screen.

#include <QLabel>

namespace wci {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideMiddle);
    void setFullText(const QString &text);
    QSize sizeHint() const override;        // the whole text
    QSize minimumSizeHint() const override; // a few characters

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();
    QString m_full;
    Qt::TextElideMode m_mode;
};

} // namespace wci
