@{
    RootModule           = 'AccessToken.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'dbef9a53-1637-4093-9fec-114013e3721b'
    Author               = 'AccessToken contributors'
    CompanyName          = 'AccessToken contributors'
    Copyright            = '(c) 2026 AccessToken contributors. MIT License.'
    Description          = 'Manage Losant API access tokens from PowerShell: list, inspect, create, rename, deactivate and delete them, with typed objects, -WhatIf, retries and secrets kept secret.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('AccessToken.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Losant'
        'Disconnect-Losant'
        'Get-AccessToken'
        'Get-LosantConnection'
        'New-AccessToken'
        'Remove-AccessToken'
        'Set-AccessToken'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Losant', 'IoT', 'AccessToken', 'API', 'Token', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: Get-, New-, Set- and Remove-AccessToken, Connect-/Disconnect-Losant.'
        }
    }
}
