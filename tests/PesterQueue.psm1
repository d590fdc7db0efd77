# Runs the Pester suites from a shared queue, one file at a time, in as many PowerShell processes as
# asked. Most suites spend their time waiting on the emulator (retry backoff, stalls, timeouts), so
# two processes finish in little more than half the time on a machine with two cores. Each suite
# starts its own emulator and restores the environment it changes, so no suite depends on another
# running in the same process.
#
# A run is a folder: queue.txt lists the suites in the order they should start, claims/ holds one
# file per suite a worker has taken (created with CreateNew, so exactly one worker takes each),
# and each suite leaves <name>.xml (NUnit), <name>.log (Pester's output) and, last, <name>.json
# (its counts), which tells the runner it has finished.

function Get-SuiteName([string] $Path) {
    [System.IO.Path]::GetFileNameWithoutExtension($Path)
}

function Get-SuiteOrder {
    <# The suites, longest first by the durations a run in this folder recorded last time. Suites without one (every suite, on a fresh clone) go first: those named in -Long, in its order, then the rest, by name. #>
    param([string[]] $Path, [string] $ResultFolder, [string[]] $Long = @())
    $seconds = @{}
    if (Test-Path $ResultFolder) {
        foreach ($file in Get-ChildItem $ResultFolder -Filter '*.json') {
            $seconds[$file.BaseName] = [double](Get-Content $file.FullName -Raw | ConvertFrom-Json).Seconds
        }
    }
    $Path | Sort-Object @{ Expression = { $name = Get-SuiteName $_; if ($seconds.ContainsKey($name)) { $seconds[$name] } else { [double]::MaxValue } }; Descending = $true },
        @{ Expression = { $at = [array]::IndexOf($Long, (Get-SuiteName $_)); if ($at -ge 0) { $at } else { $Long.Count } } },
        @{ Expression = { Get-SuiteName $_ } }
}

function Enter-SuiteClaim([string] $ClaimFolder, [string] $Name) {
    <# Takes a suite for this process; false when another worker has taken it. #>
    try {
        $stream = [System.IO.File]::Open((Join-Path $ClaimFolder "$Name.claim"), [System.IO.FileMode]::CreateNew)
        $stream.Dispose()
        $true
    }
    catch [System.IO.IOException] { $false }
}

function Format-PesterOutput {
    <# Pester's host output, written through Write-Host in fragments, back into lines of text. #>
    param([Parameter(ValueFromPipeline)] $Record, [System.Text.StringBuilder] $Text)
    process {
        if ($Record -is [System.Management.Automation.InformationRecord]) {
            $message = $Record.MessageData
            if ($message -is [System.Management.Automation.HostInformationMessage]) {
                [void]$Text.Append($message.Message)
                if (-not $message.NoNewLine) { [void]$Text.AppendLine() }
            }
            else { [void]$Text.AppendLine([string]$message) }
        }
        elseif ($Record -is [System.Management.Automation.WarningRecord]) { [void]$Text.AppendLine("WARNING: $($Record.Message)") }
        elseif ($Record -is [System.Management.Automation.ErrorRecord]) { [void]$Text.AppendLine(($Record | Out-String).TrimEnd()) }
        elseif ($Record -is [System.Management.Automation.VerboseRecord] -or $Record -is [System.Management.Automation.DebugRecord]) { }
        else { $Record }
    }
}

function Invoke-PesterFile {
    <# Runs one suite and leaves its results, its output and, last, its counts in the run's folder. #>
    param([string] $Path, [string] $ResultFolder)
    $name = Get-SuiteName $Path
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = @($Path)
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.Should.ErrorAction = 'Continue'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = Join-Path $ResultFolder "$name.xml"

    $text = New-Object System.Text.StringBuilder
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $counts = @{ Passed = 0; Failed = 1; Skipped = 0 }
    try {
        $run = @(& { Invoke-Pester -Configuration $configuration } *>&1 | Format-PesterOutput -Text $text) |
            Where-Object { $_ -is [Pester.Run] } | Select-Object -Last 1
        if ($run) {
            $counts = @{ Passed = $run.PassedCount; Failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount; Skipped = $run.SkippedCount }
        }
        else { [void]$text.AppendLine("Pester returned no result for $Path.") }
    }
    catch { [void]$text.AppendLine("Running $Path failed: $($_ | Out-String)") }
    $counts.Seconds = $clock.Elapsed.TotalSeconds

    [System.IO.File]::WriteAllText((Join-Path $ResultFolder "$name.log"), $text.ToString())
    # Written under another name and then renamed, so the runner never reads half of it.
    $partial = Join-Path $ResultFolder "$name.json.partial"
    $counts | ConvertTo-Json | Set-Content $partial
    Move-Item $partial (Join-Path $ResultFolder "$name.json") -Force
}

function Invoke-PesterQueue {
    <# A worker: takes the suites of the queue that no other worker has taken, in the queue's order, until none is left. #>
    param([Parameter(Mandatory)] [string] $RunFolder)
    $claims = Join-Path $RunFolder 'claims'
    foreach ($path in Get-Content (Join-Path $RunFolder 'queue.txt')) {
        if (Enter-SuiteClaim $claims (Get-SuiteName $path)) { Invoke-PesterFile -Path $path -ResultFolder $RunFolder }
    }
}

Export-ModuleMember -Function Get-SuiteName, Get-SuiteOrder, Invoke-PesterQueue
