package cards

import "time"

// zeroTime: card extraction needs no dates.
var zeroTime time.Time
