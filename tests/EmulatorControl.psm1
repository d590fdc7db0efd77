# Starts, steers and reads the AccessToken emulator (tests/AccessToken.Emulator), a real HTTP
# server on loopback. Used by the Pester tests, the demo and the benchmark.

$script:DefaultApiToken = 'emulator-api-token'

function Start-Emulator {
    <# Starts an emulator process and returns its description: Url, Process, ApiToken (plain and secure). #>
    [CmdletBinding()]
    param(
        [string] $ApiToken = $script:DefaultApiToken,
        [int] $SeedCount = 0,
        [string] $Configuration = 'Release'
    )
    $dll = Join-Path $PSScriptRoot "AccessToken.Emulator/bin/$Configuration/net10.0/AccessToken.Emulator.dll"
    if (-not (Test-Path $dll)) { throw "The emulator is not built: $dll is missing. Run ./build.ps1 -Task Build." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--api-token', $ApiToken, '--parent-pid', $PID)) { $start.ArgumentList.Add([string]$argument) }
    if ($SeedCount -gt 0) { $start.ArgumentList.Add('--seed-count'); $start.ArgumentList.Add([string]$SeedCount) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $line.Result -notmatch '^EMULATOR_URL=(?<url>\S+)$') {
        $process.Kill()
        throw "The emulator did not report its address: '$($line.Result)' $($process.StandardError.ReadToEnd())"
    }
    # Drain stderr so a chatty server can never block on a full pipe.
    $null = $process.StandardError.ReadToEndAsync()
    [pscustomobject]@{
        Url            = $Matches.url
        Process        = $process
        ApiToken       = $ApiToken
        SecureApiToken = ConvertTo-SecureString $ApiToken -AsPlainText -Force
    }
}

function Stop-Emulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    try { Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/shutdown" -TimeoutSec 5 | Out-Null } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
}

function Reset-Emulator {
    <# Restores the seed, clears recorded requests, faults and configuration. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $SeedCount = 0)
    $body = if ($SeedCount -gt 0) { @{ seedCount = $SeedCount } | ConvertTo-Json } else { '{}' }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/reset" -Body $body -ContentType 'application/json' | Out-Null
}

function Get-EmulatorRequest {
    <# The API requests the emulator received, in arrival order. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $requests = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/requests"
    foreach ($request in $requests) { $request }
}

function Clear-EmulatorRequest {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Method Delete -Uri "$($Emulator.Url)/_emulator/requests" | Out-Null
}

function Get-EmulatorToken {
    <# The emulator's whole store, secrets included. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/tokens").items
}

function Set-EmulatorFault {
    <# Replaces the fault rules; each rule is a hashtable as the emulator's /_emulator/faults takes it. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable[]] $Rule)
    $body = ConvertTo-Json -InputObject @($Rule) -Depth 5
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/faults" -Body $body -ContentType 'application/json' | Out-Null
}

function Clear-EmulatorFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Method Delete -Uri "$($Emulator.Url)/_emulator/faults" | Out-Null
}

function Set-EmulatorConfig {
    <# Turns request recording on or off and sets a latency added to every answer. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [bool] $Record = $true, [int] $LatencyMs = 0)
    $body = @{ record = $Record; latencyMs = $LatencyMs } | ConvertTo-Json
    Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/config" -Body $body -ContentType 'application/json' | Out-Null
}

function Get-EmulatorSeedId {
    <# The ids the emulator gives generated tokens (--seed-count, or Reset-Emulator -SeedCount), 1-based. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [int] $Number)
    process { '5a' + $Number.ToString('x22') }
}

function Wait-EmulatorRequest {
    <# Waits until the emulator has recorded at least -Count API requests, or -TimeoutSec passes; returns the count. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $Count = 1, [int] $TimeoutSec = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (($seen = @(Get-EmulatorRequest $Emulator).Count) -lt $Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    $seen
}

Export-ModuleMember -Function Start-Emulator, Get-EmulatorSeedId, Wait-EmulatorRequest, Stop-Emulator, Reset-Emulator, Get-EmulatorRequest, Clear-EmulatorRequest,
    Get-EmulatorToken, Set-EmulatorFault, Clear-EmulatorFault, Set-EmulatorConfig
