<#
.SYNOPSIS
    A short, readable session with the AccessToken module against the local emulator.
.DESCRIPTION
    Started by `./build.ps1 -Task Demo`. Starts the emulator on loopback, imports the built
    module, connects, lists, filters, gets tokens by id through the pipeline, renames,
    deactivates, shows what a removal would do with -WhatIf, and shuts the emulator down.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/EmulatorControl.psm1')

function Show-Step([string] $Command, [scriptblock] $Action) {
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Yellow
    & $Action | Out-Host
}

$emulator = Start-Emulator
try {
    Write-Host "A Losant-compatible API emulator is listening at $($emulator.Url)." -ForegroundColor Cyan
    Import-Module $ModulePath
    $apiToken = $emulator.SecureApiToken
    $url = $emulator.Url

    Show-Step "Connect-Losant -ApiToken `$apiToken -BaseUri $url -PassThru" { Connect-Losant -ApiToken $apiToken -BaseUri $url -PassThru }
    Show-Step 'Get-AccessToken' { Get-AccessToken }
    Show-Step "Get-AccessToken -Name '*job*', 'Deploy*'" { Get-AccessToken -Name '*job*', 'Deploy*' }
    Show-Step "Get-AccessToken | Where-Object IsExpired | Select-Object Name, ExpirationDate" {
        Get-AccessToken | Where-Object IsExpired | Select-Object Name, ExpirationDate
    }
    Show-Step "'5a0000000000000000000001', '5a0000000000000000000004' | Get-AccessToken | Format-List" {
        '5a0000000000000000000001', '5a0000000000000000000004' | Get-AccessToken | Format-List
    }
    Show-Step "Get-AccessToken -Name 'Deploy pipeline' | Set-AccessToken -Name 'Deploy pipeline (prod)' -PassThru" {
        Get-AccessToken -Name 'Deploy pipeline' | Set-AccessToken -Name 'Deploy pipeline (prod)' -PassThru
    }
    Show-Step "Get-AccessToken -Name 'Dashboard viewer' | Set-AccessToken -Status Inactive -PassThru" {
        Get-AccessToken -Name 'Dashboard viewer' | Set-AccessToken -Status Inactive -PassThru
    }
    Show-Step "Get-AccessToken | Where-Object Status -eq Inactive | Remove-AccessToken -WhatIf" {
        Get-AccessToken | Where-Object Status -eq Inactive | Remove-AccessToken -WhatIf
    }
    Show-Step "Get-AccessToken -Id 5a00000000000000000000ff  # an id that does not exist" {
        Get-AccessToken -Id 5a00000000000000000000ff -ErrorAction Continue 2>&1 | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }
    }
    Show-Step 'Get-AccessToken  # nothing was removed' { Get-AccessToken }
    Show-Step 'Disconnect-Losant' { Disconnect-Losant }
}
finally {
    Stop-Emulator $emulator
    Write-Host ''
    Write-Host 'The emulator has shut down.' -ForegroundColor Cyan
}
