-- stdlib/quarterly.lua: custom indicators from the seed reports that read
-- more easily in Lua. Load with:  lua "quarterly.lua";
-- Every number here is an exact decimal: dec("25%") is not allowed, so
-- percentages are written as fractions (dec("0.25")).
-- Lua's own names are ASCII; a Chinese name for a rule is a key of _G.

-- Seed 004, 预算执行率 as printed: each quarter scores
-- (cumulative progress / 序时进度) × 1, at most 1; the year adds
-- 2 × the mean of those ratios, at most 2.
--   example: 季度预算执行率(dec("0.3"), dec("0.55"), dec("0.8"), dec("0.96")) = 5.96
function quarterly_execution(q1, q2, q3, q4)
  local schedule = { dec("0.25"), dec("0.5"), dec("0.75"), dec(1) }
  local progress = { q1, q2, q3, q4 }
  local score, sum = dec(0), dec(0)
  for i = 1, 4 do
    local ratio = progress[i] / schedule[i]
    score = score + decimal.min(ratio, 1)
    sum = sum + ratio
  end
  return score + decimal.min(sum / 4 * 2, 2)
end
_G["季度预算执行率"] = quarterly_execution

-- Seed 000, 资金使用: ranged deductions (①虚列套取扣4-7分 …) chosen by
-- severity, 0 (the least) to 1 (the most), floored at 0 from 7 points.
--   example: 资金使用按程度扣分(row) with 虚列套取 = true, 虚列套取程度 = 0.5 → 7 − 5.5 = 1.5
function ranged_deductions(row)
  local rules = {
    { "虚列套取", 4, 7 }, { "依据不合规", 2, 2 }, { "截留挤占挪用", 3, 6 },
    { "超标准开支", 2, 5 }, { "超预算", 2, 5 },
  }
  local deducted = dec(0)
  for _, r in ipairs(rules) do
    local found, lo, hi = row[r[1]], r[2], r[3]
    if found then
      local severity = row[r[1] .. "程度"] or dec(0)
      deducted = deducted + lo + (hi - lo) * severity
    end
  end
  return decimal.max(dec(7) - deducted, 0)
end
_G["资金使用按程度扣分"] = ranged_deductions
