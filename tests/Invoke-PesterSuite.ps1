<#
.SYNOPSIS
    Runs the Pester tests against a built module and writes a JSON summary for build.ps1.
.DESCRIPTION
    Runs in PowerShell 7 (build.ps1 -Task Test) and in Windows PowerShell 5.1 (the CI job on
    Windows) alike. The suites run in -Workers fresh processes of this edition, which take them
    from one queue (tests/PesterQueue.psm1); each suite's output is shown when it finishes. Its
    NUnit XML results go to pester-<edition>/<suite>.xml beside the summary. Exits with 1 when any
    test failed.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter = $(if ($env:ACCESSTOKEN_TEST_FILTER) { $env:ACCESSTOKEN_TEST_FILTER } else { '*' }),
    # How many processes run suites at once.
    [ValidateRange(1, 16)] [int] $Workers = 1
)
$ErrorActionPreference = 'Stop'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
Import-Module (Join-Path $PSScriptRoot 'PesterQueue.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tools/PowerShellHost.psm1') -Force

# The tests read the module under test from here; every worker inherits it.
$env:ACCESSTOKEN_TEST_MODULE = (Resolve-Path $ModulePath).Path

$results = Split-Path $SummaryPath -Parent
if (-not $results) { $results = '.' }
$run = Join-Path $results "pester-$($PSVersionTable.PSEdition.ToLowerInvariant())"
$suites = @(Get-ChildItem (Join-Path $PSScriptRoot 'Pester') -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
# The suites that take longest, started first when no earlier run in this folder says how long
# each takes, so that no long one starts last and runs alone: Reliability sends 3,000 requests
# under faults, one at a time, each failed try waiting out its backoff.
$long = 'Reliability.Tests', 'Proxy.Tests', 'RateLimits.Tests'
$order = @(Get-SuiteOrder -Path $suites -ResultFolder $run -Long $long)
if (Test-Path $run) { Remove-Item $run -Recurse -Force }
New-Item -ItemType Directory -Force (Join-Path $run 'claims') | Out-Null
$run = (Resolve-Path $run).Path
Set-Content (Join-Path $run 'queue.txt') $order

$powershell = @(Get-PowerShellCommand)
$processes = @(for ($i = 1; $i -le [Math]::Min($Workers, [Math]::Max($order.Count, 1)); $i++) {
        $arguments = @($powershell | Select-Object -Skip 1 | ForEach-Object { "`"$_`"" }) +
            @('-NoProfile', '-NonInteractive', '-File', "`"$(Join-Path $PSScriptRoot 'Invoke-PesterWorker.ps1')`"",
                '-PesterPath', "`"$((Resolve-Path $PesterPath).Path)`"", '-RunFolder', "`"$run`"")
        $worker = Start-Process -FilePath $powershell[0] -ArgumentList $arguments -NoNewWindow -PassThru `
            -RedirectStandardOutput (Join-Path $run "worker-$i.out") -RedirectStandardError (Join-Path $run "worker-$i.err")
        # Holding the handle keeps the exit code readable once the process has ended (on Windows).
        $null = $worker.Handle
        $worker
    })

# Shows each suite's output as it finishes, and adds up the counts.
$summary = @{ Passed = 0; Failed = 0; Skipped = 0 }
$shown = @{}
try {
    do {
        $finished = @($processes | Where-Object { -not $_.HasExited }).Count -eq 0
        foreach ($path in $order) {
            $name = Get-SuiteName $path
            $counts = Join-Path $run "$name.json"
            if ($shown.ContainsKey($name) -or -not (Test-Path $counts)) { continue }
            $shown[$name] = $true
            Get-Content (Join-Path $run "$name.log") -Raw | Write-Host
            $suite = Get-Content $counts -Raw | ConvertFrom-Json
            foreach ($key in 'Passed', 'Failed', 'Skipped') { $summary[$key] += [int]$suite.$key }
        }
        if (-not $finished) { Start-Sleep -Milliseconds 250 }
    } until ($finished)
}
finally {
    # Stopped early (Ctrl+C): the workers stop too, and the emulators they started end with them.
    foreach ($process in $processes) { if (-not $process.HasExited) { $process.Kill() } }
}

# A suite that no worker finished (a worker that died, say) counts as one failure, with what its worker said.
foreach ($path in $order) {
    if ($shown.ContainsKey((Get-SuiteName $path))) { continue }
    Write-Host "$path did not finish." -ForegroundColor Red
    $summary.Failed += 1
}
if ($shown.Count -lt $order.Count) {
    foreach ($i in 1..$processes.Count) {
        Write-Host "Worker $i exited with code $($processes[$i - 1].ExitCode):"
        Get-Content (Join-Path $run "worker-$i.out"), (Join-Path $run "worker-$i.err") -ErrorAction SilentlyContinue | Write-Host
    }
}

$summary | ConvertTo-Json | Set-Content $SummaryPath
Write-Host "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)): $($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
if ($summary.Failed -gt 0 -or $summary.Passed -eq 0) { exit 1 }
