#include "engine.h"


namespace wci {

Document Document::read(const JsonReader &r)
{
    JsonWriter w;
    w.value(r.object());
    return Document{w.take()};
}

} // namespace wci
