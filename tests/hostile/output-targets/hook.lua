function double(x) return x * dec(2) end
