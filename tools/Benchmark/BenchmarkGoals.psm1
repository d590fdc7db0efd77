# Which of the module's speed and memory goals a benchmark run met.

$ErrorActionPreference = 'Stop'

function Get-BenchmarkGoal {
    <# Each goal by name, $true where the run's figures meet it; the rate-limit goals under 'rateLimits.'. #>
    param($Results)
    $seq = $Results.sequential
    $fastest = $Results.throttled | Where-Object throttleLimit -EQ 16
    $pagedDefault = $Results.pagedList.rows | Where-Object throttleLimit -EQ 'default'
    $bulk = @{}
    foreach ($row in $Results.bulk.rows) { $bulk[$row.condition] = $row }
    $goals = [ordered]@{
        perCallWithin1_3xRaw       = $seq.moduleOverRaw -le 1.3
        perCallBelowInvokeRestMethod = $seq.moduleOverInvokeRestMethod -lt 1
        perCallAtMost8KBAllocatedPipeline = $seq.getAccessTokenKBPerCall -le 8
        perCallAtMost8KBAllocatedArray = $seq.getAccessTokenArrayKBPerCall -le 8
        throttle16AtLeast10xFaster = $fastest.getSpeedUp -ge 10 -and $fastest.removeSpeedUp -ge 10
        importAtMost150ms          = $Results.import.importInProcessMs -le 150
        listStreams                = $Results.list.firstObjectMs -lt ($Results.list.totalMs / 10) -and $Results.list.listGrowthMB -le 3 * $Results.list.responseMB
        pagesInParallelAtLeast5xFaster          = $Results.pagedList.atLeast5xFasterAt.Count -gt 0
        pagesInParallelAtLeast5xFasterByDefault = $pagedDefault.speedUp -ge 5
        bulkUnderFaultsAtMost1_5xFaultFree      = $bulk.faults.vsFaultFree -le 1.5
    }
    foreach ($goal in $Results.rateLimits.goals.GetEnumerator()) { $goals["rateLimits.$($goal.Key)"] = $goal.Value }
    $goals
}

Export-ModuleMember -Function Get-BenchmarkGoal
