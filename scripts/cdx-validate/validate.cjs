// Validates CycloneDX JSON documents with @cyclonedx/cyclonedx-library's strict
// JSON validator (the official schemas, formats asserted). Usage:
//   node validate.cjs FILE...
// Exits 1 when any document is invalid, printing the file and each error.
'use strict'
const fs = require('node:fs')
const { Validation, Spec } = require('@cyclonedx/cyclonedx-library')

async function main (files) {
  if (files.length === 0) {
    console.error('usage: node validate.cjs FILE...')
    return 2
  }
  let failed = 0
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8')
    const version = JSON.parse(text).specVersion
    if (!Object.values(Spec.Version).includes(version)) {
      console.error(`${file}: unknown CycloneDX specVersion ${JSON.stringify(version)}`)
      failed++
      continue
    }
    const errors = await new Validation.JsonStrictValidator(version).validate(text)
    if (errors === null) {
      console.log(`${file}: valid CycloneDX ${version}`)
    } else {
      failed++
      console.error(`${file}: invalid CycloneDX ${version}:\n${JSON.stringify(errors, null, 2)}`)
    }
  }
  return failed ? 1 : 0
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err) => {
  console.error(err)
  process.exitCode = 2
})
