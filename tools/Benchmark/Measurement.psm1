# How the benchmark times what it runs in this process, and how it picks the figure of several
# rounds to report.

$ErrorActionPreference = 'Stop'

function Measure-Milliseconds([scriptblock] $Action) {
    (Measure-Run $Action).Ms
}

function Measure-Run([scriptblock] $Action) {
    # Bytes allocated by the whole process (every thread, HttpClient's included) during the run.
    $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    # Not `| Out-Null`: Out-Null binds every object it is given, and what that allocates is
    # Out-Null's cost, not the client's. Assigning to $null discards without binding anything.
    $null = & $Action
    $ms = $clock.Elapsed.TotalMilliseconds
    [pscustomobject]@{ Ms = $ms; Bytes = [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

# The run whose -By is the median (the lower middle of an even count), so that the figures
# reported beside the time are that run's own.
function Select-MedianRun([object[]] $Runs, [string] $By) {
    $sorted = @($Runs | Sort-Object $By)
    $sorted[[Math]::Floor(($sorted.Count - 1) / 2)]
}

Export-ModuleMember -Function Measure-Milliseconds, Measure-Run, Get-Median, Select-MedianRun
