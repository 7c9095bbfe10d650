#pragma once

// Pages of rows kept for a lazy view, at most `capacity` of them: storing one more drops the
// page used longest ago (a read through row() or page() counts as a use). Pages may be
// shorter than the page size (the last one, or a window cut by the server).

#include <QHash>
#include <QList>

#include <algorithm>
#include <optional>

namespace wci {

template <typename Row>
class PageCache {
public:
    explicit PageCache(int pageSize = 100, int capacity = 40) : m_pageSize(std::max(1, pageSize)), m_capacity(std::max(1, capacity)) {}

    int pageSize() const { return m_pageSize; }
    // Drops every page when the page size changes (their rows would land on other rows).
    void setPageSize(int size)
    {
        size = std::max(1, size);
        if (size != m_pageSize)
            clear();
        m_pageSize = size;
    }
    int capacity() const { return m_capacity; }
    void setCapacity(int pages)
    {
        m_capacity = std::max(1, pages);
        evict();
    }
    int size() const { return int(m_pages.size()); }
    bool contains(int page) const { return m_pages.contains(page); }
    void clear() { m_pages.clear(); }

    void insert(int page, QList<Row> rows)
    {
        m_pages.insert(page, Entry{std::move(rows), ++m_clock});
        evict();
    }

    // The page's rows, or null (not counted as a use: for the keyset neighbours of a read).
    const QList<Row> *peek(int page) const
    {
        const auto it = m_pages.constFind(page);
        return it == m_pages.constEnd() ? nullptr : &it->rows;
    }
    // The row, or null when its page is not cached; counts as a use of the page.
    const Row *row(int row) const
    {
        if (row < 0)
            return nullptr;
        const auto it = m_pages.find(row / m_pageSize);
        if (it == m_pages.end() || row % m_pageSize >= it->rows.size())
            return nullptr;
        it->lastUse = ++m_clock;
        return &it->rows.at(row % m_pageSize);
    }
    // The first cached row for which `match` holds, as a row number, or nullopt.
    template <typename Pred>
    std::optional<int> find(Pred match) const
    {
        for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
            for (int i = 0; i < it->rows.size(); ++i) {
                if (match(it->rows.at(i)))
                    return it.key() * m_pageSize + i;
            }
        }
        return std::nullopt;
    }

private:
    struct Entry {
        QList<Row> rows;
        quint64 lastUse = 0;
    };
    void evict()
    {
        while (m_pages.size() > m_capacity) {
            auto oldest = m_pages.begin();
            for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
                if (it->lastUse < oldest->lastUse)
                    oldest = it;
            }
            m_pages.erase(oldest);
        }
    }

    int m_pageSize;
    int m_capacity;
    mutable QHash<int, Entry> m_pages;
    mutable quint64 m_clock = 0;
};

} // namespace wci
