# Section 3 of the benchmark: what importing the module adds to a new session, measured in fresh
# processes beside a bare start and beside an empty module.

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Measurement.psm1')

# A fresh process of this PowerShell for each measurement, so that nothing run before counts.
$pwsh = Join-Path $PSHOME 'pwsh'

# Wall time and CPU time of one fresh pwsh; CPU time is far less disturbed by whatever else
# the machine is doing, so both are reported.
function Measure-Pwsh([string] $Command) {
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
    # The child reports its own CPU time at the end: an exited process's times cannot be read here.
    $report = '[Console]::Out.WriteLine([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture))'
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "$Command; $report") { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $wall = $clock.Elapsed.TotalMilliseconds
    $cpu = [double]::Parse(($output.Trim() -split "`n")[-1], [Globalization.CultureInfo]::InvariantCulture)
    [pscustomobject]@{ WallMs = $wall; CpuMs = $cpu }
}

function Measure-ImportCost {
    <# Fresh pwsh starts with and without the import, interleaved; the medians of -ImportRuns of each. #>
    param([string] $ModulePath, [int] $ImportRuns)
    Write-Host "3. Import time (median of $ImportRuns)" -ForegroundColor Cyan
    # The cost of PowerShell's module machinery itself: an empty module with an empty format file.
    $emptyModule = Join-Path ([IO.Path]::GetTempPath()) "EmptyReferenceModule-$PID"
    New-Item -ItemType Directory -Force $emptyModule | Out-Null
    Set-Content (Join-Path $emptyModule 'Empty.format.ps1xml') '<Configuration><ViewDefinitions /></Configuration>'
    New-ModuleManifest -Path (Join-Path $emptyModule 'EmptyReferenceModule.psd1') -FormatsToProcess 'Empty.format.ps1xml' -CmdletsToExport @() -FunctionsToExport @() -AliasesToExport @() -VariablesToExport @()
    $cases = [ordered]@{
        bare           = '$null = 0'
        imported       = "Import-Module '$ModulePath'"
        empty          = "Import-Module '$emptyModule/EmptyReferenceModule.psd1'"
        # A session that shows anything builds PowerShell's format tables anyway; measured with one
        # formatted output, the import pays only for what is its own.
        bareOutput     = 'Get-Date | Out-String | Out-Null'
        importedOutput = "Import-Module '$ModulePath'; Get-Date | Out-String | Out-Null"
    }
    $samples = @{}
    foreach ($name in $cases.Keys) { $samples[$name] = [Collections.Generic.List[object]]::new() }
    $null = Measure-Pwsh '$null = 0'
    for ($run = 0; $run -lt $ImportRuns; $run++) {
        # Interleaved, so a burst of load elsewhere on the machine touches every case alike.
        foreach ($name in $cases.Keys) { $samples[$name].Add((Measure-Pwsh $cases[$name])) }
    }
    Remove-Item $emptyModule -Recurse -Force

    # The import itself, timed inside each fresh process: what Import-Module takes, without the
    # compilation of PowerShell's command machinery that a session's first command of any kind pays.
    $inProcess = for ($run = 0; $run -lt $ImportRuns; $run++) {
        $text = & $pwsh -NoProfile -NonInteractive -Command "[Console]::Out.WriteLine((Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture))"
        [double]::Parse(($text | Select-Object -Last 1), [Globalization.CultureInfo]::InvariantCulture)
    }

    function Get-Added([string] $With, [string] $Without, [string] $Measure) {
        [Math]::Round((Get-Median $samples[$With].$Measure) - (Get-Median $samples[$Without].$Measure))
    }
    $import = [ordered]@{
        runs                 = $ImportRuns
        importInProcessMs    = [Math]::Round((Get-Median $inProcess))
        barePwshMs           = [Math]::Round((Get-Median $samples.bare.WallMs))
        withImportMs         = [Math]::Round((Get-Median $samples.imported.WallMs))
        importAddsMs         = Get-Added imported bare WallMs
        importAddsCpuMs      = Get-Added imported bare CpuMs
        emptyModuleAddsMs    = Get-Added empty bare WallMs
        emptyModuleAddsCpuMs = Get-Added empty bare CpuMs
        withOutputAddsMs     = Get-Added importedOutput bareOutput WallMs
        withOutputAddsCpuMs  = Get-Added importedOutput bareOutput CpuMs
    }
    [pscustomobject]$import | Format-Table | Out-Host
    $import
}

Export-ModuleMember -Function Measure-ImportCost
